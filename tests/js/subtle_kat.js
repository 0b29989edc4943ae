// crypto.subtle known-answer tests from published vectors: FIPS 180 (SHA),
// RFC 4231 / RFC 2202 (HMAC), McGrew-Viega GCM test cases (the NIST GCM
// vectors), NIST SP 800-38A (CBC, CTR), RFC 3394 (AES-KW), RFC 5869 (HKDF),
// RFC 6070 / RFC 7914 (PBKDF2), RFC 8032 (Ed25519), RFC 7748 (X25519),
// RFC 6979 (ECDSA signatures, verified) and NIST CAVS ECC CDH (ECDH).
// Only WebCrypto APIs are used, so the same file runs under Node 20 as a
// cross-check of the transcribed vectors: `node tests/js/subtle_kat.js`.
"use strict";
const subtle = globalThis.crypto.subtle;
const utf8 = (s) => new TextEncoder().encode(s);
function hex(s) {
  s = s.replace(/\s+/g, "");
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}
const toHex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const repeat = (byte, n) => new Uint8Array(n).fill(byte);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const b64url = (bytes) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const counts = new Map();
const failures = [];
async function check(category, name, fn) {
  const entry = counts.get(category) ?? { passed: 0, total: 0 };
  counts.set(category, entry);
  entry.total++;
  try {
    await fn();
    entry.passed++;
  } catch (error) {
    failures.push(`${category} / ${name}: ${error && error.message}`);
  }
}
function equal(actual, expected, what) {
  const a = toHex(actual), e = typeof expected === "string" ? expected.toLowerCase() : toHex(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}
function truthy(value, what) {
  if (value !== true) throw new Error(`${what}: got ${value}`);
}

// --- FIPS 180-4 SHA ------------------------------------------------------
const shaVectors = [
  ["", {
    "SHA-1": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "SHA-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "SHA-384": "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
    "SHA-512": "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
  }],
  ["abc", {
    "SHA-1": "a9993e364706816aba3e25717850c26c9cd0d89d",
    "SHA-256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "SHA-384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    "SHA-512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  }],
  ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", {
    "SHA-1": "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    "SHA-256": "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    "SHA-384": "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
    "SHA-512": "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
  }],
  ["abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", {
    "SHA-1": "a49b2446a02c645bf419f995b67091253a04a259",
    "SHA-256": "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    "SHA-384": "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
    "SHA-512": "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
  }],
  ["a".repeat(1000000), {  // one million 'a': big enough to run on the threadpool
    "SHA-1": "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
    "SHA-256": "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    "SHA-384": "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
    "SHA-512": "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
  }],
];

// --- RFC 4231 (SHA-2) and RFC 2202 (SHA-1) HMAC ----------------------------
const hmacVectors = [
  { key: repeat(0x0b, 20), data: utf8("Hi There"), macs: {
    "SHA-1": "b617318655057264e28bc0b6fb378c8ef146be00",
    "SHA-256": "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "SHA-384": "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
    "SHA-512": "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" } },
  { key: utf8("Jefe"), data: utf8("what do ya want for nothing?"), macs: {
    "SHA-1": "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    "SHA-256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "SHA-384": "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "SHA-512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" } },
  { key: repeat(0xaa, 20), data: repeat(0xdd, 50), macs: {
    "SHA-1": "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
    "SHA-256": "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "SHA-384": "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
    "SHA-512": "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" } },
  { key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), data: repeat(0xcd, 50), macs: {
    "SHA-1": "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
    "SHA-256": "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    "SHA-384": "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
    "SHA-512": "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" } },
  // Truncated outputs (RFC 4231 test case 5, RFC 2202 test case 5): compare the prefix.
  { key: repeat(0x0c, 20), data: utf8("Test With Truncation"), truncated: true, macs: {
    "SHA-1": "4c1a03424b55e07fe7f27be1",
    "SHA-256": "a3b6167473100ee06e0c796c2955552b",
    "SHA-384": "3abf34c3503b2a23a46efc619baef897",
    "SHA-512": "415fad6271580a531d4179bc891d87a6" } },
  { key: repeat(0xaa, 80), data: utf8("Test Using Larger Than Block-Size Key - Hash Key First"), macs: {
    "SHA-1": "aa4ae5e15272d00e95705637ce8a3b55ed402112" } },
  { key: repeat(0xaa, 131), data: utf8("Test Using Larger Than Block-Size Key - Hash Key First"), macs: {
    "SHA-256": "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    "SHA-384": "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
    "SHA-512": "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" } },
  { key: repeat(0xaa, 80), data: utf8("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), macs: {
    "SHA-1": "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" } },
  { key: repeat(0xaa, 131), data: utf8("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."), macs: {
    "SHA-256": "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    "SHA-384": "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
    "SHA-512": "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" } },
];

// --- GCM test cases 1-6 (AES-128) and 13-18 (AES-256) of the GCM spec --------
// [key, iv, plaintext, additional data, ciphertext, tag]
const P60 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const P64 = P60 + "1aafd255";
const AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const K128 = "feffe9928665731c6d6a8f9467308308";
const IV60 = "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b";
const gcmVectors = [
  ["00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"],
  ["00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
   "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"],
  [K128, "cafebabefacedbaddecaf888", P64, "",
   "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
   "4d5c2af327cd64a62cf35abd2ba6fab4"],
  [K128, "cafebabefacedbaddecaf888", P60, AAD,
   "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
   "5bc94fbc3221a5db94fae95ae7121a47"],
  [K128, "cafebabefacedbad", P60, AAD,
   "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
   "3612d2e79e3b0785561be14aaca2fccb"],
  [K128, IV60, P60, AAD,
   "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
   "619cc5aefffe0bfa462af43c1699d050"],
  ["0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "",
   "530f8afbc74536b9a963b4f1c4cb738b"],
  ["0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
   "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"],
  [K128 + K128, "cafebabefacedbaddecaf888", P64, "",
   "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
   "b094dac5d93471bdec1a502270e3cc6c"],
  [K128 + K128, "cafebabefacedbaddecaf888", P60, AAD,
   "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
   "76fc6ece0f4e1768cddf8853bb2d551b"],
  [K128 + K128, "cafebabefacedbad", P60, AAD,
   "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
   "3a337dbf46a792c45e454913fe2ea8f2"],
  [K128 + K128, IV60, P60, AAD,
   "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
   "a44a8266ee1c8eb0c8b5d4cf5ae9f19a"],
];

// --- NIST SP 800-38A F.2 (CBC) and F.5 (CTR) --------------------------------
const SP_PLAIN = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const SP_KEYS = ["2b7e151628aed2a6abf7158809cf4f3c", "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
                 "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"];
const cbcCiphertexts = [
  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
];
const ctrCiphertexts = [
  "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
  "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e941e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050",
  "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
];

// --- RFC 3394 §4.1-4.6 ---------------------------------------------------------
const kwVectors = [
  ["000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"],
  ["000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"],
  ["000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"],
  ["000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF0001020304050607",
   "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2"],
  ["000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF0001020304050607",
   "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1"],
  ["000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
   "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"],
];

// --- RFC 5869 A.1-A.4 ------------------------------------------------------------
const range = (from, to) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const hkdfVectors = [
  ["SHA-256", repeat(0x0b, 22), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
   "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"],
  ["SHA-256", range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
   "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"],
  ["SHA-256", repeat(0x0b, 22), new Uint8Array(0), new Uint8Array(0), 42,
   "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"],
  ["SHA-1", repeat(0x0b, 11), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
   "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896"],
];

// --- RFC 6070 (PBKDF2-HMAC-SHA1) and RFC 7914 §11 (PBKDF2-HMAC-SHA256) -----------
const pbkdf2Vectors = [
  ["SHA-1", utf8("password"), utf8("salt"), 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"],
  ["SHA-1", utf8("password"), utf8("salt"), 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"],
  ["SHA-1", utf8("password"), utf8("salt"), 4096, 20, "4b007901b765489abead49d926f721d065a429c1"],
  ["SHA-1", utf8("passwordPASSWORDpassword"), utf8("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 25,
   "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"],
  ["SHA-1", utf8("pass\0word"), utf8("sa\0lt"), 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"],
  ["SHA-256", utf8("passwd"), utf8("salt"), 1, 64,
   "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"],
];

// --- RFC 8032 §7.1 tests 1-3 -------------------------------------------------------
const ed25519Vectors = [
  ["9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
   "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
   "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"],
  ["4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
   "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
   "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"],
  ["c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
   "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
   "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"],
];
// PrivateKeyInfo prefixes for a raw 32-byte OKP private key (RFC 8410).
const ED25519_PKCS8 = hex("302e020100300506032b657004220420");
const X25519_PKCS8 = hex("302e020100300506032b656e04220420");

// --- RFC 7748 §5.2 (scalar multiplication) and §6.1 (Diffie-Hellman) ---------------
const x25519Vectors = [
  ["a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
   "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
   "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"],
  ["4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
   "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
   "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"],
];
const X_ALICE = ["77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
                 "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"];
const X_BOB = ["5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
               "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"];
const X_SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

// --- RFC 6979 A.2.5 (P-256) and A.2.6 (P-384): [curve, d, Qx, Qy, [message, hash, r, s]...]
const ecdsaVectors = [
  ["P-256", "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
   "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
   "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", [
     ["sample", "SHA-256", "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
      "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"],
     ["test", "SHA-256", "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
      "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"],
     ["sample", "SHA-512", "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f00",
      "2362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe"],
   ]],
  ["P-384", "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5",
   "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13",
   "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720", [
     ["sample", "SHA-384", "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46",
      "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"],
     ["test", "SHA-384", "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023db",
      "ddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5"],
   ]],
];

// --- NIST CAVS 14.1 ECC CDH primitive, COUNT = 0: [curve, dIUT, QCAVS (uncompressed), ZIUT]
const ecdhVectors = [
  ["P-256", "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
   "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
   "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"],
  ["P-384", "3cc3122a68f0d95027ad38c067916ba0eb8c38894d22e1b15618b6818a661774ad463b205da88cf699ab4d43c9cf98a1",
   "04a7c76b970c3b5fe8b05d2838ae04ab47697b9eaf52e764592efda27fe7513272734466b400091adbf2d68c58e0c50066ac68f19f2e1cb879aed43a9969b91a0839c4c38a49749b661efedf243451915ed0905a32b060992b468c64766fc8437a",
   "5f9d29dc5e31a163060356213669c8ce132e22f57c9a04f40ba7fcead493b457e5621e766c40a2e3d4d6a04b25e533f1"],
];
// PrivateKeyInfo { ecPublicKey, namedCurve, ECPrivateKey { 1, d } } without the
// optional public key, which the importer has to derive.
const EC_PKCS8_PREFIX = {
  "P-256": hex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"),
  "P-384": hex("304e020100301006072a8648ce3d020106052b81040022043730350201010430"),
};

async function main() {
  for (const [message, digests] of shaVectors) {
    for (const [name, expected] of Object.entries(digests)) {
      await check("SHA (FIPS 180-4)", `${name} of ${message.length} bytes`, async () => {
        equal(await subtle.digest(name, utf8(message)), expected, name);
      });
    }
  }

  for (const [index, v] of hmacVectors.entries()) {
    for (const [hash, expected] of Object.entries(v.macs)) {
      await check("HMAC (RFC 4231, RFC 2202)", `${hash} case ${index + 1}`, async () => {
        const key = await subtle.importKey("raw", v.key, { name: "HMAC", hash }, false, ["sign", "verify"]);
        const mac = new Uint8Array(await subtle.sign("HMAC", key, v.data));
        equal(v.truncated ? mac.slice(0, expected.length / 2) : mac, expected, "mac");
        if (!v.truncated) truthy(await subtle.verify("HMAC", key, hex(expected), v.data), "verify");
      });
    }
  }

  for (const [index, [key, iv, plain, aad, cipher, tag]] of gcmVectors.entries()) {
    await check("AES-GCM (GCM spec test cases)", `case ${index < 6 ? index + 1 : index + 7}`, async () => {
      const k = await subtle.importKey("raw", hex(key), "AES-GCM", false, ["encrypt", "decrypt"]);
      const params = { name: "AES-GCM", iv: hex(iv) };
      if (aad) params.additionalData = hex(aad);
      equal(await subtle.encrypt(params, k, hex(plain)), cipher + tag, "encrypt");
      equal(await subtle.decrypt(params, k, hex(cipher + tag)), plain, "decrypt");
    });
  }

  for (const [index, keyHex] of SP_KEYS.entries()) {
    const bits = keyHex.length * 4;
    await check("AES-CBC (SP 800-38A F.2)", `CBC-AES${bits}`, async () => {
      const k = await subtle.importKey("raw", hex(keyHex), "AES-CBC", false, ["encrypt", "decrypt"]);
      const params = { name: "AES-CBC", iv: hex("000102030405060708090a0b0c0d0e0f") };
      const out = new Uint8Array(await subtle.encrypt(params, k, hex(SP_PLAIN)));
      // WebCrypto pads (PKCS#7): the four blocks, then one block of padding.
      if (out.length !== 80) throw new Error(`ciphertext length ${out.length}`);
      equal(out.slice(0, 64), cbcCiphertexts[index], "encrypt");
      equal(await subtle.decrypt(params, k, out), SP_PLAIN, "decrypt");
    });
    await check("AES-CTR (SP 800-38A F.5)", `CTR-AES${bits}`, async () => {
      const k = await subtle.importKey("raw", hex(keyHex), "AES-CTR", false, ["encrypt", "decrypt"]);
      const params = { name: "AES-CTR", counter: hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), length: 128 };
      equal(await subtle.encrypt(params, k, hex(SP_PLAIN)), ctrCiphertexts[index], "encrypt");
      equal(await subtle.decrypt(params, k, hex(ctrCiphertexts[index])), SP_PLAIN, "decrypt");
    });
  }

  for (const [index, [kek, data, wrapped]] of kwVectors.entries()) {
    await check("AES-KW (RFC 3394)", `4.${index + 1}`, async () => {
      const wrappingKey = await subtle.importKey("raw", hex(kek), "AES-KW", false, ["wrapKey", "unwrapKey"]);
      const key = await subtle.importKey("raw", hex(data), "AES-CBC", true, ["encrypt"]);
      equal(await subtle.wrapKey("raw", key, wrappingKey, "AES-KW"), wrapped, "wrap");
      const unwrapped = await subtle.unwrapKey("raw", hex(wrapped), wrappingKey, "AES-KW", "AES-CBC", true, ["encrypt"]);
      equal(await subtle.exportKey("raw", unwrapped), data, "unwrap");
    });
  }

  for (const [index, [hash, ikm, salt, info, length, okm]] of hkdfVectors.entries()) {
    await check("HKDF (RFC 5869)", `A.${index + 1}`, async () => {
      const key = await subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
      equal(await subtle.deriveBits({ name: "HKDF", hash, salt, info }, key, length * 8), okm, "okm");
    });
  }

  for (const [index, [hash, password, salt, iterations, length, dk]] of pbkdf2Vectors.entries()) {
    await check("PBKDF2 (RFC 6070, RFC 7914)", `vector ${index + 1}`, async () => {
      const key = await subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
      equal(await subtle.deriveBits({ name: "PBKDF2", hash, salt, iterations }, key, length * 8), dk, "dk");
    });
  }

  for (const [index, [secret, publicKey, message, signature]] of ed25519Vectors.entries()) {
    await check("Ed25519 (RFC 8032)", `test ${index + 1}`, async () => {
      const jwk = { kty: "OKP", crv: "Ed25519", d: b64url(hex(secret)), x: b64url(hex(publicKey)) };
      const privateKey = await subtle.importKey("jwk", jwk, "Ed25519", false, ["sign"]);
      equal(await subtle.sign("Ed25519", privateKey, hex(message)), signature, "sign (jwk)");
      const fromPkcs8 = await subtle.importKey("pkcs8", concat(ED25519_PKCS8, hex(secret)), "Ed25519", true, ["sign"]);
      equal(await subtle.sign("Ed25519", fromPkcs8, hex(message)), signature, "sign (pkcs8)");
      equal(b64urlDecode((await subtle.exportKey("jwk", fromPkcs8)).x), publicKey, "derived public key");
      const verifyKey = await subtle.importKey("raw", hex(publicKey), "Ed25519", false, ["verify"]);
      truthy(await subtle.verify("Ed25519", verifyKey, hex(signature), hex(message)), "verify");
    });
  }

  for (const [index, [scalar, u, out]] of x25519Vectors.entries()) {
    await check("X25519 (RFC 7748)", `5.2 vector ${index + 1}`, async () => {
      const privateKey = await subtle.importKey("pkcs8", concat(X25519_PKCS8, hex(scalar)), "X25519", false, ["deriveBits"]);
      const publicKey = await subtle.importKey("raw", hex(u), "X25519", false, []);
      equal(await subtle.deriveBits({ name: "X25519", public: publicKey }, privateKey, 256), out, "scalar multiplication");
    });
  }
  for (const [self, peer] of [[X_ALICE, X_BOB], [X_BOB, X_ALICE]]) {
    await check("X25519 (RFC 7748)", `6.1 ${self === X_ALICE ? "Alice" : "Bob"}`, async () => {
      const jwk = { kty: "OKP", crv: "X25519", d: b64url(hex(self[0])), x: b64url(hex(self[1])) };
      const privateKey = await subtle.importKey("jwk", jwk, "X25519", false, ["deriveBits"]);
      const publicKey = await subtle.importKey("raw", hex(peer[1]), "X25519", false, []);
      equal(await subtle.deriveBits({ name: "X25519", public: publicKey }, privateKey, 256), X_SHARED, "shared secret");
    });
  }

  for (const [curve, d, qx, qy, signatures] of ecdsaVectors) {
    const algorithm = { name: "ECDSA", namedCurve: curve };
    const jwk = { kty: "EC", crv: curve, x: b64url(hex(qx)), y: b64url(hex(qy)) };
    for (const [message, hash, r, s] of signatures) {
      await check("ECDSA (RFC 6979, verify)", `${curve} ${hash} "${message}"`, async () => {
        const publicKey = await subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
        const signature = hex(r + s);
        truthy(await subtle.verify({ name: "ECDSA", hash }, publicKey, signature, utf8(message)), "verify");
        signature[signature.length - 1] ^= 1;
        if (await subtle.verify({ name: "ECDSA", hash }, publicKey, signature, utf8(message))) {
          throw new Error("a modified signature verified");
        }
      });
    }
    await check("ECDSA (RFC 6979, verify)", `${curve} private key sign/verify`, async () => {
      const privateKey = await subtle.importKey("jwk", { ...jwk, d: b64url(hex(d)) }, algorithm, true, ["sign"]);
      const exported = await subtle.exportKey("jwk", privateKey);
      if (exported.x !== jwk.x || exported.y !== jwk.y) throw new Error("public point changed");
      const publicKey = await subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
      const signature = await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, utf8("sample"));
      truthy(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, signature, utf8("sample")), "verify");
    });
  }

  for (const [curve, d, peer, z] of ecdhVectors) {
    await check("ECDH (NIST CAVS ECC CDH)", curve, async () => {
      const algorithm = { name: "ECDH", namedCurve: curve };
      const privateKey = await subtle.importKey("pkcs8", concat(EC_PKCS8_PREFIX[curve], hex(d)), algorithm, false, ["deriveBits"]);
      const publicKey = await subtle.importKey("raw", hex(peer), algorithm, false, []);
      const bits = z.length * 4;
      equal(await subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, bits), z, "shared secret");
      equal(await subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, 128), z.slice(0, 32), "first 128 bits");
    });
  }

  for (const [category, { passed, total }] of counts) console.log(`${category}: ${passed}/${total}`);
  const total = [...counts.values()].reduce((n, c) => n + c.total, 0);
  const passed = [...counts.values()].reduce((n, c) => n + c.passed, 0);
  console.log(`known-answer tests: ${passed}/${total}`);
  if (failures.length) throw new Error(`known-answer failures:\n${failures.join("\n")}`);
}

function b64urlDecode(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

main();
