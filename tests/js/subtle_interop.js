// crypto.subtle interoperability with Node 20's webcrypto (an independent
// OpenSSL-based implementation): keys, signatures, ciphertexts and derived
// bits that Node produced are imported, verified and decrypted here, and every
// key is re-exported in every format and compared byte for byte with Node's
// export (raw <-> jwk <-> pkcs8 <-> spki round trips). Identical DER and JWK
// output also means Node imports what this runtime exports.
// The fixtures were made with Node v20.20.2 by a script that generated keys
// with subtle.generateKey and exported them with subtle.exportKey.
"use strict";
const subtle = crypto.subtle;
const message = new TextEncoder().encode("interop message for nanojs");
const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toB64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));

let checks = 0;
const lines = [];
function assert(condition, what) {
  if (!condition) throw new Error(`assertion failed: ${what}`);
  checks++;
}
function sameBytes(actual, expectedB64, what) {
  assert(toB64(actual) === expectedB64, `${what}: ${toB64(actual).slice(0, 40)}... != ${expectedB64.slice(0, 40)}...`);
}
const KEY_MEMBERS = ["kty", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y", "k"];
function sameJwk(actual, expected, what) {
  for (const m of KEY_MEMBERS) assert(actual[m] === expected[m], `${what}: JWK member ${m}`);
}

const node = {
 "RSASSA-PKCS1-v1_5": {
  "publicKey_spki": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArfTVwZh3HASIzjieCH0jbFktBgd1n9PBv4CXzDve7UBkl2gWKliP1r9sHkUnEkwPurwh4qDTq/7XKBr6NiqReGFR18r9eA92VN/H0+62c3Ru6m5ApULC05nmBPjAygHL7QVL9u2d4mBWexCc48HKoSG6aa4cr0tfDSGlYj/BtbUtKsVunOZGuJKBjGzT/BrLNGlSgfiBpHiqodjsLcFQnHyU/J0nFgHvIkv0WimfhY+xxzJ97v6X7PK1L6mO6frDfyCJvS2rPuTRlIGF1H45X93b0S3cAXr7AVBFVBNCb/VgE0aQfPq0UoQTA5qtyDGUpgL67mkzJJpOSp1C2Jm26QIDAQAB",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "rfTVwZh3HASIzjieCH0jbFktBgd1n9PBv4CXzDve7UBkl2gWKliP1r9sHkUnEkwPurwh4qDTq_7XKBr6NiqReGFR18r9eA92VN_H0-62c3Ru6m5ApULC05nmBPjAygHL7QVL9u2d4mBWexCc48HKoSG6aa4cr0tfDSGlYj_BtbUtKsVunOZGuJKBjGzT_BrLNGlSgfiBpHiqodjsLcFQnHyU_J0nFgHvIkv0WimfhY-xxzJ97v6X7PK1L6mO6frDfyCJvS2rPuTRlIGF1H45X93b0S3cAXr7AVBFVBNCb_VgE0aQfPq0UoQTA5qtyDGUpgL67mkzJJpOSp1C2Jm26Q",
   "e": "AQAB",
   "alg": "RS256"
  },
  "privateKey_pkcs8": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCt9NXBmHccBIjOOJ4IfSNsWS0GB3Wf08G/gJfMO97tQGSXaBYqWI/Wv2weRScSTA+6vCHioNOr/tcoGvo2KpF4YVHXyv14D3ZU38fT7rZzdG7qbkClQsLTmeYE+MDKAcvtBUv27Z3iYFZ7EJzjwcqhIbpprhyvS18NIaViP8G1tS0qxW6c5ka4koGMbNP8Gss0aVKB+IGkeKqh2OwtwVCcfJT8nScWAe8iS/RaKZ+Fj7HHMn3u/pfs8rUvqY7p+sN/IIm9Las+5NGUgYXUfjlf3dvRLdwBevsBUEVUE0Jv9WATRpB8+rRShBMDmq3IMZSmAvruaTMkmk5KnULYmbbpAgMBAAECggEAA16FRVqj8/GiigakCPC43usF6Y1QxJJgDkrPUIVYVqqzSBDGsnXvU0Qh3p7i7YJ2S4eZSxUSWc0gcwZoEjnWLMlgbG2MuzvmxCi8FhQUNJLsvbL6TY5yzOZjg3UjRsZXd3UYI5A2nqEptk3RZsKPdM99F3mSf1KrufViM/pIJjIejPzJx/0h3FsfTLHALL/8QIdlIJpvCzksCoc/caBmwXVG2MCwmshz2NRiJKohMkdFh9T7JldvNQ8mUUUYLJOO6BrwKNF8YZ/mBEQuL0rkHo7ER1n390kPtebJd+XikMdlyARSWSvgm+MKsp3PHPE6hBBn5AsyR050pTovZlziAQKBgQDyaqP3cdOAqgb4ziLHSLwDFMELhkRq21vBABNqZcT0+Ig76CHHeTXnRmx/N2UIZpXkg87h9wgifjm05bB6VopFpXnhyTD6F3/9ZxRoqbe5u60xLQTNViHQB2irTEonF2Ci+tsAmwnMbqTMxrVEbDnKwkHeUfAm65/C/KFu7L7RJQKBgQC3tCnH8+XDEU4GF1rQxIxLPzDRM7mJ0A+dl21yAhncV08tYGhGtdxxAxZAwaMjrWcETRndcyOXe/YrOsOLokiHVHBIij5VGRXXo9cbZBrJB6RDOPNp2FFNmwOx9aFZdtcuJ5e5QxsIvpCAQaJfqVgqtGALlFIgJ57bO+8QC8xNdQKBgQClzAfe2iv0yNVB4AJrWDS2ysAJeMhcaTEE/F9LGtWtUjoi9u37dsxGJKVaEPH53+fOxdN+Oq2Godwn/BxKX9vsLHQC1862jdIM5y5PMxykXFbk1kx9f9ZaaGbPGbtxpwyCC54zeNYnytjN8W3SoU6ZfWj9e/8LL4YyHwTuT99mPQKBgCDzLMdTpPOPKAqJp91oU62vgOcVOwNQEWz320amv9K4ylfeQfXk6sxOfHBTCxr8IE0yMyB4ZXrnXik02hwymIXFjHpGaZXD8RoDpjKgivlh6IGyNl7W0QZ1dn02DKHKYiBCM8GkGrY/0BVhMGmuK0VFozCQgwaHdMPoBSJAq319AoGAYjRAfCBpub8Ye+YRXGKAbKhWHEw8DosK9yPU+HrH5IGKAEsGPw9noYN7xTp2gbJqbUkQltzMrbHFhgG6zZa5LE4o1Yl+dl+4y3A+8nAnR9iwwg3U4jmyxLhZ1HcdC2mEX6ZJyhh/yN1Vfr/oQ7WvD5MwY+pOmHBUk4E1PMow1no=",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "rfTVwZh3HASIzjieCH0jbFktBgd1n9PBv4CXzDve7UBkl2gWKliP1r9sHkUnEkwPurwh4qDTq_7XKBr6NiqReGFR18r9eA92VN_H0-62c3Ru6m5ApULC05nmBPjAygHL7QVL9u2d4mBWexCc48HKoSG6aa4cr0tfDSGlYj_BtbUtKsVunOZGuJKBjGzT_BrLNGlSgfiBpHiqodjsLcFQnHyU_J0nFgHvIkv0WimfhY-xxzJ97v6X7PK1L6mO6frDfyCJvS2rPuTRlIGF1H45X93b0S3cAXr7AVBFVBNCb_VgE0aQfPq0UoQTA5qtyDGUpgL67mkzJJpOSp1C2Jm26Q",
   "e": "AQAB",
   "d": "A16FRVqj8_GiigakCPC43usF6Y1QxJJgDkrPUIVYVqqzSBDGsnXvU0Qh3p7i7YJ2S4eZSxUSWc0gcwZoEjnWLMlgbG2MuzvmxCi8FhQUNJLsvbL6TY5yzOZjg3UjRsZXd3UYI5A2nqEptk3RZsKPdM99F3mSf1KrufViM_pIJjIejPzJx_0h3FsfTLHALL_8QIdlIJpvCzksCoc_caBmwXVG2MCwmshz2NRiJKohMkdFh9T7JldvNQ8mUUUYLJOO6BrwKNF8YZ_mBEQuL0rkHo7ER1n390kPtebJd-XikMdlyARSWSvgm-MKsp3PHPE6hBBn5AsyR050pTovZlziAQ",
   "p": "8mqj93HTgKoG-M4ix0i8AxTBC4ZEattbwQATamXE9PiIO-ghx3k150ZsfzdlCGaV5IPO4fcIIn45tOWwelaKRaV54ckw-hd__WcUaKm3ubutMS0EzVYh0Adoq0xKJxdgovrbAJsJzG6kzMa1RGw5ysJB3lHwJuufwvyhbuy-0SU",
   "q": "t7Qpx_PlwxFOBhda0MSMSz8w0TO5idAPnZdtcgIZ3FdPLWBoRrXccQMWQMGjI61nBE0Z3XMjl3v2KzrDi6JIh1RwSIo-VRkV16PXG2QayQekQzjzadhRTZsDsfWhWXbXLieXuUMbCL6QgEGiX6lYKrRgC5RSICee2zvvEAvMTXU",
   "dp": "pcwH3tor9MjVQeACa1g0tsrACXjIXGkxBPxfSxrVrVI6Ivbt-3bMRiSlWhDx-d_nzsXTfjqthqHcJ_wcSl_b7Cx0AtfOto3SDOcuTzMcpFxW5NZMfX_WWmhmzxm7cacMggueM3jWJ8rYzfFt0qFOmX1o_Xv_Cy-GMh8E7k_fZj0",
   "dq": "IPMsx1Ok848oComn3WhTra-A5xU7A1ARbPfbRqa_0rjKV95B9eTqzE58cFMLGvwgTTIzIHhleudeKTTaHDKYhcWMekZplcPxGgOmMqCK-WHogbI2XtbRBnV2fTYMocpiIEIzwaQatj_QFWEwaa4rRUWjMJCDBod0w-gFIkCrfX0",
   "qi": "YjRAfCBpub8Ye-YRXGKAbKhWHEw8DosK9yPU-HrH5IGKAEsGPw9noYN7xTp2gbJqbUkQltzMrbHFhgG6zZa5LE4o1Yl-dl-4y3A-8nAnR9iwwg3U4jmyxLhZ1HcdC2mEX6ZJyhh_yN1Vfr_oQ7WvD5MwY-pOmHBUk4E1PMow1no",
   "alg": "RS256"
  },
  "signature": "WEcsETv8gIg95to82gzKtvIIUZQm8O9IGmcAYmDNiD2tjQS9Sp7SSJB0Ms8UgS49ui3l7rMe24W5WPj1LxGF4SVeHWteMaNWoN7KzfTDTQoKojO1n8DdHcpN2pSknqKi/cfEeiMxEhK+RfXwgCHpO50jj/zj3xOX7CREN9cIEuadORP7FK4UqsIeVnIpL6LnG8uDp5mFfZzaOlWoh5AUm6/9XKcqjyqvbDFjZHUe9UxLSeWB8ejFHq2M6ApFtIbWUsEnPsAwV4N//pQAEd1JgM3r76u9w+OB79EDYqW2tvRx0phOTZEDgVXeFz1EkCFakrq1XoW6nF7NCD8GvK8uSw=="
 },
 "RSA-PSS": {
  "publicKey_spki": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx4O/T38bos4W9l3EO99nl9XnMsrxtPND2Z4WKQbmIM5uZTULENln5KzIkjSVFf8VrHH2RopyWjpVC7uGgTYZ1Dn3HU1V3Ktt8NF3CmkLCgocg7n5QZeAFOnLKOdBRyz568KpjnZ8ER24V50AnKLR9xrs4G94CyhdrdXk+PqnRu1YmSv5nsggFHR30v+4p5GemFBinEE1p6mI4q8zqXFl85EHqL5qI0EbKC4qPuoGxDF1oFEFmYswX/OzY2TlldgfQV1IGttI0s54KYwn92fScT5L0gm5xiof1IJdexTyjlpgrkrzVyiuqbvwZBTn5yPANJt7e9gWLhc4DP3HkVPfDQIDAQAB",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "x4O_T38bos4W9l3EO99nl9XnMsrxtPND2Z4WKQbmIM5uZTULENln5KzIkjSVFf8VrHH2RopyWjpVC7uGgTYZ1Dn3HU1V3Ktt8NF3CmkLCgocg7n5QZeAFOnLKOdBRyz568KpjnZ8ER24V50AnKLR9xrs4G94CyhdrdXk-PqnRu1YmSv5nsggFHR30v-4p5GemFBinEE1p6mI4q8zqXFl85EHqL5qI0EbKC4qPuoGxDF1oFEFmYswX_OzY2TlldgfQV1IGttI0s54KYwn92fScT5L0gm5xiof1IJdexTyjlpgrkrzVyiuqbvwZBTn5yPANJt7e9gWLhc4DP3HkVPfDQ",
   "e": "AQAB",
   "alg": "PS256"
  },
  "privateKey_pkcs8": "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDHg79Pfxuizhb2XcQ732eX1ecyyvG080PZnhYpBuYgzm5lNQsQ2WfkrMiSNJUV/xWscfZGinJaOlULu4aBNhnUOfcdTVXcq23w0XcKaQsKChyDuflBl4AU6cso50FHLPnrwqmOdnwRHbhXnQCcotH3Guzgb3gLKF2t1eT4+qdG7ViZK/meyCAUdHfS/7inkZ6YUGKcQTWnqYjirzOpcWXzkQeovmojQRsoLio+6gbEMXWgUQWZizBf87NjZOWV2B9BXUga20jSzngpjCf3Z9JxPkvSCbnGKh/Ugl17FPKOWmCuSvNXKK6pu/BkFOfnI8A0m3t72BYuFzgM/ceRU98NAgMBAAECggEAApEuJrx0s1NSBdD+i6Or/k7lBukIE6M2qgfn8paxYtYtIvW8Avc9KDrV6NWu3mXWFk4wFEfHQWRzQC+lQyfaTLoDNTgPxQNaqojTbomb+ADZzZMYwzCLGBnLAKd7Fkqcm505V8kr/v9iJhRx09Iff/2zcw7UHVajX+963v5ApT+2N7OcU4eO8W325yS5ehTeQNJa55Dy/EYqdO0CfcNK0VGo73Nl4mA12xZZQL427vcoS+ULYRvsi035jnVKnSSTsCHPVlUgA97DZXcyO9LEJdAzaiyOdC6tZrzIsUbRAd/R9YsYZAMACrbVtwpHvKA2hSjjeDLo/xoLPyc61OpPQQKBgQD24D8Hc21Vd4CfzNelyeAAr0/oydlTB9eM8jhW3twrUi032UMXqVGRRisosPaDlzMjYhI3HNF0YhFNDUX37Tg5ayRPBmRcnT1z13r4YZVhhwAgoGgGp9Axv04GU6ucMO+uqM/xYSB+yrmg7DAwDBKDaAJznXte4s3KYM/4OZKbTQKBgQDO42dvW0fTWEtAgE/OniOp/vqjlsuZFqD16mcZ4aU4BCNzLshoU86HcI9P2ilYd5KLTT7MnnvBieiDgEoq7We1p59d+r85BK4n/511Z4ZmuIAhNqZKYmQTJXdNfyU/YtuawzS/SonNcZpt3XHgyuqjOQGTy7pjpvU6nCv+M/bywQKBgGRf7ICFB9EWE2/lg1Be8fqVTPIjD39Y0uT1nr6DQhVDBiuM5GB8cTOVyfpzaOc71IjwWOObjfW54broSKhzBMcjrtGKkceuDsxIsjDGzEuo7f5V+bWrCVUQqRKddkq9AtaKwHEtwl6K4kpxfW4rmmNfKJAFWaHMqUs9bZFJJziJAoGATlIUVDmwJTgltNNeYw/G3JIkfE2X4eqJIM+OHGQp0dzvNqmdQLGJXAimmEo0oMMTfRzPC1Nr8kas+StV6I5bVo+Qa1mDjqhQ7d980ndQkA6Eow43Qa2hyQXD9liN10Mrc5k2nLwxEs9Q8QqGE919mjD4geT8OMF50KhSlzdA44ECgYBAMMj8IoUwkacXJgfSwqKzJY1IVN/lIT5ghZ8TjR8YRnOjPlA2sKOkMwUlrgZYGX2ZJdZaJcTa4pHnjN9r9ChRBzuRIUX+/g1HYjy4PFzVtIvdA97s3Hn67/YZ0ML7XHwU5FMfdAkhpftcU4A6Wza0gkXg0QyT9Mx1DdaCfALCYQ==",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "x4O_T38bos4W9l3EO99nl9XnMsrxtPND2Z4WKQbmIM5uZTULENln5KzIkjSVFf8VrHH2RopyWjpVC7uGgTYZ1Dn3HU1V3Ktt8NF3CmkLCgocg7n5QZeAFOnLKOdBRyz568KpjnZ8ER24V50AnKLR9xrs4G94CyhdrdXk-PqnRu1YmSv5nsggFHR30v-4p5GemFBinEE1p6mI4q8zqXFl85EHqL5qI0EbKC4qPuoGxDF1oFEFmYswX_OzY2TlldgfQV1IGttI0s54KYwn92fScT5L0gm5xiof1IJdexTyjlpgrkrzVyiuqbvwZBTn5yPANJt7e9gWLhc4DP3HkVPfDQ",
   "e": "AQAB",
   "d": "ApEuJrx0s1NSBdD-i6Or_k7lBukIE6M2qgfn8paxYtYtIvW8Avc9KDrV6NWu3mXWFk4wFEfHQWRzQC-lQyfaTLoDNTgPxQNaqojTbomb-ADZzZMYwzCLGBnLAKd7Fkqcm505V8kr_v9iJhRx09Iff_2zcw7UHVajX-963v5ApT-2N7OcU4eO8W325yS5ehTeQNJa55Dy_EYqdO0CfcNK0VGo73Nl4mA12xZZQL427vcoS-ULYRvsi035jnVKnSSTsCHPVlUgA97DZXcyO9LEJdAzaiyOdC6tZrzIsUbRAd_R9YsYZAMACrbVtwpHvKA2hSjjeDLo_xoLPyc61OpPQQ",
   "p": "9uA_B3NtVXeAn8zXpcngAK9P6MnZUwfXjPI4Vt7cK1ItN9lDF6lRkUYrKLD2g5czI2ISNxzRdGIRTQ1F9-04OWskTwZkXJ09c9d6-GGVYYcAIKBoBqfQMb9OBlOrnDDvrqjP8WEgfsq5oOwwMAwSg2gCc517XuLNymDP-DmSm00",
   "q": "zuNnb1tH01hLQIBPzp4jqf76o5bLmRag9epnGeGlOAQjcy7IaFPOh3CPT9opWHeSi00-zJ57wYnog4BKKu1ntaefXfq_OQSuJ_-ddWeGZriAITamSmJkEyV3TX8lP2LbmsM0v0qJzXGabd1x4MrqozkBk8u6Y6b1Opwr_jP28sE",
   "dp": "ZF_sgIUH0RYTb-WDUF7x-pVM8iMPf1jS5PWevoNCFUMGK4zkYHxxM5XJ-nNo5zvUiPBY45uN9bnhuuhIqHMExyOu0YqRx64OzEiyMMbMS6jt_lX5tasJVRCpEp12Sr0C1orAcS3CXoriSnF9biuaY18okAVZocypSz1tkUknOIk",
   "dq": "TlIUVDmwJTgltNNeYw_G3JIkfE2X4eqJIM-OHGQp0dzvNqmdQLGJXAimmEo0oMMTfRzPC1Nr8kas-StV6I5bVo-Qa1mDjqhQ7d980ndQkA6Eow43Qa2hyQXD9liN10Mrc5k2nLwxEs9Q8QqGE919mjD4geT8OMF50KhSlzdA44E",
   "qi": "QDDI_CKFMJGnFyYH0sKisyWNSFTf5SE-YIWfE40fGEZzoz5QNrCjpDMFJa4GWBl9mSXWWiXE2uKR54zfa_QoUQc7kSFF_v4NR2I8uDxc1bSL3QPe7Nx5-u_2GdDC-1x8FORTH3QJIaX7XFOAOls2tIJF4NEMk_TMdQ3WgnwCwmE",
   "alg": "PS256"
  },
  "signature": "hgaPecpuXhuLwhN3S4tbQiugezKYmxR9Qcw17f0ciNgmdZNh5+MaPQIj0ttXIC9LhayTPwnFaXS7BqcwMyIarrYeh39QHeEbKhYZXWXR8VKSE5/MVA0Yv68kQ6a9hO9jk5u+HhNikZ1pfz+SIyel5yE4rtzc8u+DTlVWeQK5Rpp97WoLtNq0VxG7Xlr8vfj24Yd6KBXLWbSlniuJf6fBOBdNAD676U3JZWRe83pRfzNHHj+gK9U47KOgjReDD0g9EZHRVAv8ezm6use7go3ZXNwzO5KmTzINMlmDNUkpNVpAFFJNbLf6Ca7cZiVRadkuuWTQ9bZww2WI4pfqz/yQ+g=="
 },
 "RSA-OAEP": {
  "publicKey_spki": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAycKM8lvt26V2mab4shbWyqlE8BdpgjecgYme1kTPUuVHb3A/Xo58tRuIUxw/VLZG/KwWrkhfS2v5zQwe32PBeJKYSD79edK4/Vopay77HnRWvBpBcKUxZXOP85foNq8yBCvujCkzRNOy/6HC6dAMb2Sy7nTY2cb/fVH34ZzB4LdKNr63CKxRHd2GBzRhoRLPiyY/pAqPlmJAk5pW6reH8Y0RziJ1lzdouZJyBbhohrmSHBJsegUjVFlbd0rPfs27Snmf2G0o9Tl1bGVew4XIU/Pt/IorZP51n7pEwFy7FyxdDOabNp28b/XC4EB7zY0uRkvaitRJLFB3M0txFZtUBwIDAQAB",
  "publicKey_jwk": {
   "key_ops": [
    "encrypt"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "ycKM8lvt26V2mab4shbWyqlE8BdpgjecgYme1kTPUuVHb3A_Xo58tRuIUxw_VLZG_KwWrkhfS2v5zQwe32PBeJKYSD79edK4_Vopay77HnRWvBpBcKUxZXOP85foNq8yBCvujCkzRNOy_6HC6dAMb2Sy7nTY2cb_fVH34ZzB4LdKNr63CKxRHd2GBzRhoRLPiyY_pAqPlmJAk5pW6reH8Y0RziJ1lzdouZJyBbhohrmSHBJsegUjVFlbd0rPfs27Snmf2G0o9Tl1bGVew4XIU_Pt_IorZP51n7pEwFy7FyxdDOabNp28b_XC4EB7zY0uRkvaitRJLFB3M0txFZtUBw",
   "e": "AQAB",
   "alg": "RSA-OAEP-256"
  },
  "privateKey_pkcs8": "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDJwozyW+3bpXaZpviyFtbKqUTwF2mCN5yBiZ7WRM9S5UdvcD9ejny1G4hTHD9Utkb8rBauSF9La/nNDB7fY8F4kphIPv150rj9WilrLvsedFa8GkFwpTFlc4/zl+g2rzIEK+6MKTNE07L/ocLp0AxvZLLudNjZxv99UffhnMHgt0o2vrcIrFEd3YYHNGGhEs+LJj+kCo+WYkCTmlbqt4fxjRHOInWXN2i5knIFuGiGuZIcEmx6BSNUWVt3Ss9+zbtKeZ/YbSj1OXVsZV7DhchT8+38iitk/nWfukTAXLsXLF0M5ps2nbxv9cLgQHvNjS5GS9qK1EksUHczS3EVm1QHAgMBAAECggEAYKeXJjPsCyGFY66dzZMrawMUR4CvxvYlP9lSAowMVkYIptY7RW01SP3bnRUXMdnwv/MhGnUJUfR0Q0rfL112vfBci5/Bhq7weE7NMM/c9YX+Vzasyu4Yb+WgvK21TR049M6nBPZn3T0dr2ErIx/MFUFEhv/rMskmdD7kZWzXZHMPF0uOJ5UR3wNcORr2ddLnwrOs/8DmEj2ut6gE4qMku0ZTrXF/luo+xSZS4qwcii4AELuwsFY15dkPL24ClDul53hpSCCLOmbj0n6/DpqBXLApDNvCHU1Zm0SMfIgvArszG+Bfnwft72lWQ9p0eCDuTmhREQhFnlm7gGDWydF4wQKBgQD/ghTyF9gctCY6Pf5jpfG+0gQKrkKNOHxJOf3pqdv8PqGLlo4I+RR3joGtYtTrqi99EgYdmE+EhOFHo/KKv6KK1vPZWN3D8m4yMh7rIcQ7MdNc2ryqLfVkpPJSLKcRSmYB28OXES1S0HdXVqdTCn+EAkct+MNBw8fKmAfOhxsJ7wKBgQDKJfsZ0Ejsl7oCZaRd7gGtGhq9hr4DlKEbWMX5gu/FxIHsZ1ohuphP2zaqy+1gb0Gf5O75n81hANuL8eVY6uNaLH/dpqbAq13quuxBwGbpq59MCznlE0sGJWy5QzV0e3IxYuE8DeTwuOhG1dCrGwGcLl9qQIQ9AczLDWIrhUTPaQKBgQDe/DyhZ1PRARuXmsDnYEyQ9yJV2+zy6Ef3dCf3g6kcA+DiPJtqk05cZL8hfW5K2XSmV1OFAobrJTiiWB91HXeSabPYjGjF+E5ZekpndEmYS4ylrbQXZRKTKizcsGGBgodxucSBk5kVfB+a1mIi47eTkpViNobZXy5+zZ2KjXh4ewKBgDzV31KubzPcmZsdEbE+7nw0zfVZtpeHRFDhj3r+n8Ap2lvV4rch27K0qygNhRuvf9Vp5U10fS+DPY9JNhdjYRaDK9v9ylNTf0kkBfPnvlD2WFNfUYYSH1LzMlwy0MSEXiJkupoDKHIVg7nFoS3NS9e/0PE+B04A26wEFBY63jF5AoGBAOJetza0OZ0JPFgXoDUvsJM/i0RNGxWtfGxIBvC6mjaU5obkJbiitjDr47rv0MoOoF4q4TfEEqfjPBykzgV3s7X8lWfmpINwtBzuwOTB8lJ+pgOe0qatE7QCmBM32jQKTUi1+8YUi/XhTDl5+0FuzVTKATRC1RcyTIf2DZyZ/WCn",
  "privateKey_jwk": {
   "key_ops": [
    "decrypt"
   ],
   "ext": true,
   "kty": "RSA",
   "n": "ycKM8lvt26V2mab4shbWyqlE8BdpgjecgYme1kTPUuVHb3A_Xo58tRuIUxw_VLZG_KwWrkhfS2v5zQwe32PBeJKYSD79edK4_Vopay77HnRWvBpBcKUxZXOP85foNq8yBCvujCkzRNOy_6HC6dAMb2Sy7nTY2cb_fVH34ZzB4LdKNr63CKxRHd2GBzRhoRLPiyY_pAqPlmJAk5pW6reH8Y0RziJ1lzdouZJyBbhohrmSHBJsegUjVFlbd0rPfs27Snmf2G0o9Tl1bGVew4XIU_Pt_IorZP51n7pEwFy7FyxdDOabNp28b_XC4EB7zY0uRkvaitRJLFB3M0txFZtUBw",
   "e": "AQAB",
   "d": "YKeXJjPsCyGFY66dzZMrawMUR4CvxvYlP9lSAowMVkYIptY7RW01SP3bnRUXMdnwv_MhGnUJUfR0Q0rfL112vfBci5_Bhq7weE7NMM_c9YX-Vzasyu4Yb-WgvK21TR049M6nBPZn3T0dr2ErIx_MFUFEhv_rMskmdD7kZWzXZHMPF0uOJ5UR3wNcORr2ddLnwrOs_8DmEj2ut6gE4qMku0ZTrXF_luo-xSZS4qwcii4AELuwsFY15dkPL24ClDul53hpSCCLOmbj0n6_DpqBXLApDNvCHU1Zm0SMfIgvArszG-Bfnwft72lWQ9p0eCDuTmhREQhFnlm7gGDWydF4wQ",
   "p": "_4IU8hfYHLQmOj3-Y6XxvtIECq5CjTh8STn96anb_D6hi5aOCPkUd46BrWLU66ovfRIGHZhPhIThR6Pyir-iitbz2Vjdw_JuMjIe6yHEOzHTXNq8qi31ZKTyUiynEUpmAdvDlxEtUtB3V1anUwp_hAJHLfjDQcPHypgHzocbCe8",
   "q": "yiX7GdBI7Je6AmWkXe4BrRoavYa-A5ShG1jF-YLvxcSB7GdaIbqYT9s2qsvtYG9Bn-Tu-Z_NYQDbi_HlWOrjWix_3aamwKtd6rrsQcBm6aufTAs55RNLBiVsuUM1dHtyMWLhPA3k8LjoRtXQqxsBnC5fakCEPQHMyw1iK4VEz2k",
   "dp": "3vw8oWdT0QEbl5rA52BMkPciVdvs8uhH93Qn94OpHAPg4jybapNOXGS_IX1uStl0pldThQKG6yU4olgfdR13kmmz2IxoxfhOWXpKZ3RJmEuMpa20F2USkyos3LBhgYKHcbnEgZOZFXwfmtZiIuO3k5KVYjaG2V8ufs2dio14eHs",
   "dq": "PNXfUq5vM9yZmx0RsT7ufDTN9Vm2l4dEUOGPev6fwCnaW9XityHbsrSrKA2FG69_1WnlTXR9L4M9j0k2F2NhFoMr2_3KU1N_SSQF8-e-UPZYU19RhhIfUvMyXDLQxIReImS6mgMochWDucWhLc1L17_Q8T4HTgDbrAQUFjreMXk",
   "qi": "4l63NrQ5nQk8WBegNS-wkz-LRE0bFa18bEgG8LqaNpTmhuQluKK2MOvjuu_Qyg6gXirhN8QSp-M8HKTOBXeztfyVZ-akg3C0HO7A5MHyUn6mA57Spq0TtAKYEzfaNApNSLX7xhSL9eFMOXn7QW7NVMoBNELVFzJMh_YNnJn9YKc",
   "alg": "RSA-OAEP-256"
  },
  "ciphertext": "jsF78e7tYSEOKyENGIaRGA1KvdlwNg6pkIaxgMWoO6PVWekPDL73EWEc/4yROXIJSslNRV5F0U150eRqVjU+nDF9v6c0rE0ZKx9SsFW8fT9r96NbYkx1JVvuzOoUUTdWgw+hu0BrbI/ex4KI8z6I150fOAP1OSSnr2Ys69gDzaCYn8RATTt+9V+vw7+ETt/Qt5wwMFPt7BxutwDbfT4GqiGxWB/khAu809t+JxwrTrFuhCGOvORd707pdNq5FOvvjJm2NpQDuBj0EO63CNbCl0dpscole12R3BqlEPILFjjt+WYgnh84otCFS34gCltt5+J4aNA+vcRXOtZo+Kk+bg=="
 },
 "ECDSA P-256": {
  "publicKey_spki": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8WUk5h0M9UI6GrPgRiz+r3l14iKk5DG2ow6CazK47CG2Rlu14xv1amf9z3R8oGX8bapmuGIOIQ50/A9axUuaBQ==",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "kty": "EC",
   "x": "8WUk5h0M9UI6GrPgRiz-r3l14iKk5DG2ow6CazK47CE",
   "y": "tkZbteMb9Wpn_c90fKBl_G2qZrhiDiEOdPwPWsVLmgU",
   "crv": "P-256"
  },
  "publicKey_raw": "BPFlJOYdDPVCOhqz4EYs/q95deIipOQxtqMOgmsyuOwhtkZbteMb9Wpn/c90fKBl/G2qZrhiDiEOdPwPWsVLmgU=",
  "privateKey_pkcs8": "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgelEmCFgIjK3R8VTAax3DY95KWbI2Kbm+/rxeE/FdJDKhRANCAATxZSTmHQz1Qjoas+BGLP6veXXiIqTkMbajDoJrMrjsIbZGW7XjG/VqZ/3PdHygZfxtqma4Yg4hDnT8D1rFS5oF",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "kty": "EC",
   "x": "8WUk5h0M9UI6GrPgRiz-r3l14iKk5DG2ow6CazK47CE",
   "y": "tkZbteMb9Wpn_c90fKBl_G2qZrhiDiEOdPwPWsVLmgU",
   "crv": "P-256",
   "d": "elEmCFgIjK3R8VTAax3DY95KWbI2Kbm-_rxeE_FdJDI"
  },
  "hash": "SHA-256",
  "signature": "A/jyajskAh5lyhSy8u7djhmRhL1Mc1fHciJEocewn6b7L4Bl9DuWQB7jU2ecUdcfcGaCdEtnbl6qy67Q3kQP1w=="
 },
 "ECDH P-256": {
  "a_pkcs8": "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKZBCq08Qbzgh+rYMKDnhM/PCCan+UDxw35CR39Izj+mhRANCAAS5FmDsrO5A+EinPEb9/EFChfPUuMH4vEuJ/YY0kSMTk+1OE7xFkW1XCWSC4AZoFZAz/Hj2Ppsjw2vGmRV4JFd0",
  "b_spki": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+uQw6RTR9QSHL2N6zQA+b7l3PvK8fHRjF8abmEktVa6Bl/4ewYp3G64uHq8paYRwFoyUnLdZu0SYtYJL0wuI/w==",
  "secret": "tKqMbfZKGG+kyHJdZHh0spsdkXy3RNL+k4ThMtJjYv4="
 },
 "ECDSA P-384": {
  "publicKey_spki": "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEYX1ViW6hO6nF/ag0vg109dCo94mRp99OPU8qn2ol10zJHyww+PPHOg40i0R1npcsNNBaLoJJX8BlNT3jsz8Vadx1G3CgoVYgsfy205HPrkdRA22jGavnGVLYkYEdngaM",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "kty": "EC",
   "x": "YX1ViW6hO6nF_ag0vg109dCo94mRp99OPU8qn2ol10zJHyww-PPHOg40i0R1npcs",
   "y": "NNBaLoJJX8BlNT3jsz8Vadx1G3CgoVYgsfy205HPrkdRA22jGavnGVLYkYEdngaM",
   "crv": "P-384"
  },
  "publicKey_raw": "BGF9VYluoTupxf2oNL4NdPXQqPeJkaffTj1PKp9qJddMyR8sMPjzxzoONItEdZ6XLDTQWi6CSV/AZTU947M/FWncdRtwoKFWILH8ttORz65HUQNtoxmr5xlS2JGBHZ4GjA==",
  "privateKey_pkcs8": "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBJu+0lYEhqv2Dnf3iLcsLZzsHXCsPZH3lIQtu0wGKCbT4m/BOGBJyyawr26amdpc6hZANiAARhfVWJbqE7qcX9qDS+DXT10Kj3iZGn3049TyqfaiXXTMkfLDD488c6DjSLRHWelyw00FougklfwGU1PeOzPxVp3HUbcKChViCx/LbTkc+uR1EDbaMZq+cZUtiRgR2eBow=",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "kty": "EC",
   "x": "YX1ViW6hO6nF_ag0vg109dCo94mRp99OPU8qn2ol10zJHyww-PPHOg40i0R1npcs",
   "y": "NNBaLoJJX8BlNT3jsz8Vadx1G3CgoVYgsfy205HPrkdRA22jGavnGVLYkYEdngaM",
   "crv": "P-384",
   "d": "SbvtJWBIar9g5394i3LC2c7B1wrD2R95SELbtMBigm0-JvwThgScsmsK9umpnaXO"
  },
  "hash": "SHA-384",
  "signature": "9e4Z21yckbtclomBSNPB2WxL1vw5KpiAEJktjt+dDZ4CbwIygdPOonuWVFmU3Y0KBplTTGh/SXjxbLHS3N3+rakxr1wHlgqTS9oApDKDKruUA+rovd1BOwk9tZ1A+NiK"
 },
 "ECDH P-384": {
  "a_pkcs8": "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBa5cQCUCBTIqjyvPyAIjuay6+xiETDW2pOqdoeSJNZ0raBIiTYjqABNm8wzsuTl92hZANiAARz9KoBPVcilbY4fdJuBc0u/fenrvyxs37QVfOWWsSrWN0Dq+PqVSW9T7dNHX1zuapSUOaPDu0fuwDamiLEpXgNN1Xfocv4q6gaTBe7zyrh3iy7drBkmsijqlI9h2aH7fM=",
  "b_spki": "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEGAq0mw7HOXBWBC65D3zaeYtGOZoBxZfiUxXVgGwgUvpEpTXjfShEhXS+76cqRhsVySTduPCO4/NydDwe8YJHp3mEPFKYn9q7rIGBSAQN6DQKdFdDUc5rCC5hsPy2jnH4",
  "secret": "j95tugreJGY96PqqWBmdGPakBc0eAJneDc1FYDaPVPVwb0iDyFgkdlCW4AHmj4kw"
 },
 "ECDSA P-521": {
  "publicKey_spki": "MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQABeSLE9BCYmkbnYjstXUOdSN+5a4GhLazbCrVi3gCIYD1K2UHP+JvXFD3JGwYThpGZihm18z2QYNjZZQ14pvi370BBsxP+dgcCjCM7CGsLOL9Un9jaLb5tLxhe0XoXRBGW+FC1QcadHyF+oFkhpm3ntMEdhYEsPx+jsOUIyV85APrNX8=",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "kty": "EC",
   "x": "AAXkixPQQmJpG52I7LV1DnUjfuWuBoS2s2wq1Yt4AiGA9StlBz_ib1xQ9yRsGE4aRmYoZtfM9kGDY2WUNeKb4t-9",
   "y": "AQbMT_nYHAowjOwhrCzi_VJ_Y2i2-bS8YXtF6F0QRlvhQtUHGnR8hfqBZIaZt57TBHYWBLD8fo7DlCMlfOQD6zV_",
   "crv": "P-521"
  },
  "publicKey_raw": "BAAF5IsT0EJiaRudiOy1dQ51I37lrgaEtrNsKtWLeAIhgPUrZQc/4m9cUPckbBhOGkZmKGbXzPZBg2NllDXim+LfvQEGzE/52BwKMIzsIaws4v1Sf2Notvm0vGF7RehdEEZb4ULVBxp0fIX6gWSGmbee0wR2FgSw/H6Ow5QjJXzkA+s1fw==",
  "privateKey_pkcs8": "MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIA989zj4mtVikeMcyGY+mwCfrTwiXpAOiT1li61NmaN1j49JV5QSh5cFD+yhIdNnfyIQ69emfWaNkBOz8swTkbXwahgYkDgYYABAAF5IsT0EJiaRudiOy1dQ51I37lrgaEtrNsKtWLeAIhgPUrZQc/4m9cUPckbBhOGkZmKGbXzPZBg2NllDXim+LfvQEGzE/52BwKMIzsIaws4v1Sf2Notvm0vGF7RehdEEZb4ULVBxp0fIX6gWSGmbee0wR2FgSw/H6Ow5QjJXzkA+s1fw==",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "kty": "EC",
   "x": "AAXkixPQQmJpG52I7LV1DnUjfuWuBoS2s2wq1Yt4AiGA9StlBz_ib1xQ9yRsGE4aRmYoZtfM9kGDY2WUNeKb4t-9",
   "y": "AQbMT_nYHAowjOwhrCzi_VJ_Y2i2-bS8YXtF6F0QRlvhQtUHGnR8hfqBZIaZt57TBHYWBLD8fo7DlCMlfOQD6zV_",
   "crv": "P-521",
   "d": "APfPc4-JrVYpHjHMhmPpsAn608Il6QDok9ZYutTZmjdY-PSVeUEoeXBQ_soSHTZ38iEOvXpn1mjZATs_LME5G18G"
  },
  "hash": "SHA-512",
  "signature": "AFqaihm6W64ximwLb5mvhaJB9JUJPBFYe2MNo0lJih0wFytWNqd+Fpf7Xjg6RF1VBvJR7yWFqsc/LZ94LCkX5gu3AMdZkSymLgTJLT0npOlQRUK5QM18YPiYDZ9AbDFHZpnPIaTViMBOgbNfO7j3YCEh/MpVYJMBS9RGiLf/yfIVmXNR"
 },
 "ECDH P-521": {
  "a_pkcs8": "MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIB4kN56a89tVBwrFigXNd18uaYK7ha8yprzTUSPzcXP/of8By7Wvd2uuF2Ltw58ah7NuEC5afyJ1nzB4CCXReYehGhgYkDgYYABADLFzi5/4HrJZdLKWb+mGWMe+rUoIc3PfDXd/vb+SWByKLQGH2yBCvPDTrFqyOmhugsccxlkTo7Jk0XRL7JIqyGUQFSrrLqCOiF/4UJTZ3WXOgtv3kla9V8+hroj8yHDs1eGPkZRbApHKkNN2uCXPdFiWTLb3kOOjI5naRl8cE4osLiqQ==",
  "b_spki": "MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQAy5A1BPs4hhIz181cTPET3cGwxo/tWm+9ncFB2X7fIrEaG3dDM+xMeXSAgIT/l9aTQQghdoVgftX9rt7fHTWqDT8Bcfewjx6HWEPKrmwzMptJSQK8LxWLCU6O1wMML6kwRKOkKPz8ctSX/q4J/F8EZKJu6axmmY9CeI1xnaCCQ6johtM=",
  "secret": "ALuEE2V2orTLs+9HEcUpgir9K3HVALejA5SRTiKwN3ei1hYVPUAkw+Eo2DhvMfZK9sX3ymjpDKhV8v4XDeCZSzRh"
 },
 "Ed25519": {
  "privateKey_pkcs8": "MC4CAQAwBQYDK2VwBCIEIG9CDXrd413BKaWwPr1nTptzZgAZu5d44BApOJT/um6q",
  "privateKey_jwk": {
   "key_ops": [
    "sign"
   ],
   "ext": true,
   "crv": "Ed25519",
   "d": "b0INet3jXcEppbA-vWdOm3NmABm7l3jgECk4lP-6bqo",
   "x": "UzprJZC4uytFaptZkZzneT53DcvKXC7sAikqsCW5xbo",
   "kty": "OKP",
   "alg": "Ed25519"
  },
  "publicKey_spki": "MCowBQYDK2VwAyEAUzprJZC4uytFaptZkZzneT53DcvKXC7sAikqsCW5xbo=",
  "publicKey_jwk": {
   "key_ops": [
    "verify"
   ],
   "ext": true,
   "crv": "Ed25519",
   "x": "UzprJZC4uytFaptZkZzneT53DcvKXC7sAikqsCW5xbo",
   "kty": "OKP",
   "alg": "Ed25519"
  },
  "publicKey_raw": "UzprJZC4uytFaptZkZzneT53DcvKXC7sAikqsCW5xbo=",
  "signature": "1Wom+/43R1AyYVZkdvtxK2IlKIeSLGcyeot1r1kF95WdxgAJ6/dSzZtxkVNtLNrXsg0zL66NFkucoDLooU/cAQ=="
 },
 "X25519": {
  "privateKey_pkcs8": "MC4CAQAwBQYDK2VuBCIEIKgIRoTET3VVU3DW+EGAA/DI962tH2Th+2ph541TGmhE",
  "privateKey_jwk": {
   "key_ops": [
    "deriveBits"
   ],
   "ext": true,
   "crv": "X25519",
   "d": "qAhGhMRPdVVTcNb4QYAD8Mj3ra0fZOH7amHnjVMaaEQ",
   "x": "RtrJXxs4IPJZnF75EJWOQtqcBfzUXQ1lW_1rRK6wSwA",
   "kty": "OKP"
  },
  "publicKey_spki": "MCowBQYDK2VuAyEARtrJXxs4IPJZnF75EJWOQtqcBfzUXQ1lW/1rRK6wSwA=",
  "publicKey_jwk": {
   "key_ops": [],
   "ext": true,
   "crv": "X25519",
   "x": "RtrJXxs4IPJZnF75EJWOQtqcBfzUXQ1lW_1rRK6wSwA",
   "kty": "OKP"
  },
  "publicKey_raw": "RtrJXxs4IPJZnF75EJWOQtqcBfzUXQ1lW/1rRK6wSwA=",
  "b_raw": "CSI3B2Piut2Tl/Vgo5Qnnd5sBYv5s8ZKcBdAaMbsOAo=",
  "secret": "gjWcrcPYNQ8feL0Zfj1+gTH4v+xblarizYs7aoKUHFc="
 },
 "AES-GCM": {
  "raw": "YhqW3/kxjIAjIxpCslBdmKepGcEDMXTDVr8rEC766hE=",
  "jwk": {
   "key_ops": [
    "encrypt",
    "decrypt"
   ],
   "ext": true,
   "kty": "oct",
   "k": "YhqW3_kxjIAjIxpCslBdmKepGcEDMXTDVr8rEC766hE",
   "alg": "A256GCM"
  },
  "iv": "CQkJCQkJCQkJCQkJ",
  "ciphertext": "WdvYIGCsSlmvqdM5X/UeLHNMPTk+1f+ZBHQ/dl/+X3qkRWKfUPUdSTeC"
 },
 "AES-KW": {
  "kek": "QOLjcwpI35bNutqMUcfagw==",
  "hmac_jwk": {
   "key_ops": [
    "sign",
    "verify"
   ],
   "ext": true,
   "kty": "oct",
   "k": "ZVE5ZbdgNZRUSUfCKBj9S9FPVLdSoJpPGslQNo25AMOhR-xIjxjuotYbIIS7er9RlbeBZV2R7uQwB9RzNSjeZWNuYr8oSPtoKEuDQ4qwOBzeET6rMjgDtqUto6ginPgLUUNWQh7oU-jxu123yg_92ZH1PYd1jDsvGdWWTt7pzbA",
   "alg": "HS384"
  },
  "wrapped_raw": "Tm4za+9C7kvJyO7MHirxwweyo6eyvR84FQCkwtBIgDtITu8TEY/S58zZMuJ1PB68SPNf+k3rio6/T8zL0RpPcNJRJPJhT8k1S0r2dYH1k8NyAsNMGPPddLtCj4mhLokTXUdbkKtMrVUkGkBkhfDapdAX9gQhfVsKnYig6JayrXCAgf67LH8rVA==",
  "mac": "PzocWcImdcOnpxvAl7/hoWIsm6rTptM7s5tgfMlRn68L8yBMg+VehRaoBoxbPyXg"
 },
 "HKDF": {
  "bits": "fxrVOqpjKpXCPz8/Bmo4hnp9uxd0sKApLtKT/8h4KspU0WEpEPeLRpBqFEutrMafWt3hniEvtm/RijYp4U+qSw=="
 },
 "PBKDF2": {
  "bits": "qtURssoYPygXltE4pAyXGVIxfz/az/E+3EaBS/6TAY8sfoYaxB4MZfwKSbV3dsHB"
 }
};

// Every format of one asymmetric key pair, both directions.
async function roundTrips(label, algorithm, fx, usages, { raw = false } = {}) {
  const [publicUsages, privateUsages] = usages;
  const fromSpki = await subtle.importKey("spki", fromB64(fx.publicKey_spki), algorithm, true, publicUsages);
  sameBytes(await subtle.exportKey("spki", fromSpki), fx.publicKey_spki, `${label} spki -> spki`);
  sameJwk(await subtle.exportKey("jwk", fromSpki), fx.publicKey_jwk, `${label} spki -> jwk`);
  if (raw) sameBytes(await subtle.exportKey("raw", fromSpki), fx.publicKey_raw, `${label} spki -> raw`);

  const fromJwk = await subtle.importKey("jwk", fx.publicKey_jwk, algorithm, true, publicUsages);
  sameBytes(await subtle.exportKey("spki", fromJwk), fx.publicKey_spki, `${label} jwk -> spki`);
  if (raw) {
    const fromRaw = await subtle.importKey("raw", fromB64(fx.publicKey_raw), algorithm, true, publicUsages);
    sameBytes(await subtle.exportKey("spki", fromRaw), fx.publicKey_spki, `${label} raw -> spki`);
    sameJwk(await subtle.exportKey("jwk", fromRaw), fx.publicKey_jwk, `${label} raw -> jwk`);
  }

  const fromPkcs8 = await subtle.importKey("pkcs8", fromB64(fx.privateKey_pkcs8), algorithm, true, privateUsages);
  sameBytes(await subtle.exportKey("pkcs8", fromPkcs8), fx.privateKey_pkcs8, `${label} pkcs8 -> pkcs8`);
  sameJwk(await subtle.exportKey("jwk", fromPkcs8), fx.privateKey_jwk, `${label} pkcs8 -> jwk`);
  const fromPrivateJwk = await subtle.importKey("jwk", fx.privateKey_jwk, algorithm, true, privateUsages);
  sameBytes(await subtle.exportKey("pkcs8", fromPrivateJwk), fx.privateKey_pkcs8, `${label} jwk -> pkcs8`);
  sameJwk(await subtle.exportKey("jwk", fromPrivateJwk), fx.privateKey_jwk, `${label} jwk -> jwk`);
  return { publicKey: fromJwk, privateKey: fromPkcs8, privateFromJwk: fromPrivateJwk };
}

async function main() {
  // RSA
  {
    const fx = node["RSASSA-PKCS1-v1_5"];
    const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const keys = await roundTrips("RSASSA-PKCS1-v1_5", algorithm, fx, [["verify"], ["sign"]]);
    assert(await subtle.verify(algorithm, keys.publicKey, fromB64(fx.signature), message), "PKCS#1 v1.5: Node's signature verifies");
    // Deterministic: the same key signs the same bytes.
    sameBytes(await subtle.sign(algorithm, keys.privateKey, message), fx.signature, "PKCS#1 v1.5: same signature as Node");
    sameBytes(await subtle.sign(algorithm, keys.privateFromJwk, message), fx.signature, "PKCS#1 v1.5 (JWK key): same signature");
    lines.push("RSASSA-PKCS1-v1_5: formats, Node signature, identical signature");
  }
  {
    const fx = node["RSA-PSS"];
    const algorithm = { name: "RSA-PSS", hash: "SHA-256" };
    const keys = await roundTrips("RSA-PSS", algorithm, fx, [["verify"], ["sign"]]);
    const params = { name: "RSA-PSS", saltLength: 32 };
    assert(await subtle.verify(params, keys.publicKey, fromB64(fx.signature), message), "PSS: Node's signature verifies");
    assert(!(await subtle.verify({ name: "RSA-PSS", saltLength: 20 }, keys.publicKey, fromB64(fx.signature), message)),
           "PSS: a different salt length does not verify");
    const ours = await subtle.sign(params, keys.privateKey, message);
    assert(await subtle.verify(params, keys.publicKey, ours, message), "PSS: our signature verifies");
    lines.push("RSA-PSS: formats, Node signature, salt length checked");
  }
  {
    const fx = node["RSA-OAEP"];
    const algorithm = { name: "RSA-OAEP", hash: "SHA-256" };
    const keys = await roundTrips("RSA-OAEP", algorithm, fx, [["encrypt"], ["decrypt"]]);
    const params = { name: "RSA-OAEP", label: new Uint8Array([1, 2, 3]) };
    sameBytes(await subtle.decrypt(params, keys.privateKey, fromB64(fx.ciphertext)), toB64(message), "OAEP: Node's ciphertext decrypts");
    let error;
    try { await subtle.decrypt({ name: "RSA-OAEP" }, keys.privateKey, fromB64(fx.ciphertext)); } catch (e) { error = e; }
    assert(error && error.name === "OperationError", "OAEP: a wrong label is an OperationError");
    lines.push("RSA-OAEP: formats, Node ciphertext with label");
  }
  // EC
  for (const curve of ["P-256", "P-384", "P-521"]) {
    const fx = node[`ECDSA ${curve}`];
    const algorithm = { name: "ECDSA", namedCurve: curve };
    const keys = await roundTrips(`ECDSA ${curve}`, algorithm, fx, [["verify"], ["sign"]], { raw: true });
    const params = { name: "ECDSA", hash: fx.hash };
    assert(await subtle.verify(params, keys.publicKey, fromB64(fx.signature), message), `ECDSA ${curve}: Node's signature verifies`);
    const ours = await subtle.sign(params, keys.privateFromJwk, message);
    assert(await subtle.verify(params, keys.publicKey, ours, message), `ECDSA ${curve}: our signature verifies`);

    const dh = node[`ECDH ${curve}`];
    const ecdh = { name: "ECDH", namedCurve: curve };
    const a = await subtle.importKey("pkcs8", fromB64(dh.a_pkcs8), ecdh, false, ["deriveBits"]);
    const b = await subtle.importKey("spki", fromB64(dh.b_spki), ecdh, false, []);
    sameBytes(await subtle.deriveBits({ name: "ECDH", public: b }, a, null), dh.secret, `ECDH ${curve}: same secret as Node`);
    lines.push(`EC ${curve}: formats incl. raw, Node ECDSA signature, Node ECDH secret`);
  }
  // OKP
  {
    const fx = node.Ed25519;
    const keys = await roundTrips("Ed25519", "Ed25519", fx, [["verify"], ["sign"]], { raw: true });
    assert(await subtle.verify("Ed25519", keys.publicKey, fromB64(fx.signature), message), "Ed25519: Node's signature verifies");
    sameBytes(await subtle.sign("Ed25519", keys.privateKey, message), fx.signature, "Ed25519: same signature as Node");
    const x = node.X25519;
    const keysX = await roundTrips("X25519", "X25519", x, [[], ["deriveBits"]], { raw: true });
    const peer = await subtle.importKey("raw", fromB64(x.b_raw), "X25519", false, []);
    sameBytes(await subtle.deriveBits({ name: "X25519", public: peer }, keysX.privateKey, 256), x.secret, "X25519: same secret as Node");
    lines.push("Ed25519 / X25519: formats incl. raw, identical signature, Node secret");
  }
  // Symmetric
  {
    const fx = node["AES-GCM"];
    const fromRaw = await subtle.importKey("raw", fromB64(fx.raw), "AES-GCM", true, ["decrypt"]);
    sameJwk(await subtle.exportKey("jwk", fromRaw), fx.jwk, "AES-GCM raw -> jwk");
    assert((await subtle.exportKey("jwk", fromRaw)).alg === fx.jwk.alg, "AES-GCM jwk alg");
    const fromJwk = await subtle.importKey("jwk", fx.jwk, "AES-GCM", true, ["decrypt"]);
    sameBytes(await subtle.exportKey("raw", fromJwk), fx.raw, "AES-GCM jwk -> raw");
    const params = { name: "AES-GCM", iv: fromB64(fx.iv), additionalData: message };
    sameBytes(await subtle.decrypt(params, fromJwk, fromB64(fx.ciphertext)), toB64(message), "AES-GCM: Node's ciphertext decrypts");

    const kw = node["AES-KW"];
    const kek = await subtle.importKey("raw", fromB64(kw.kek), "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const hmacAlgorithm = { name: "HMAC", hash: "SHA-384" };
    const hmac = await subtle.unwrapKey("raw", fromB64(kw.wrapped_raw), kek, "AES-KW", hmacAlgorithm, true, ["sign"]);
    sameJwk(await subtle.exportKey("jwk", hmac), kw.hmac_jwk, "AES-KW: unwrapped HMAC key");
    sameBytes(await subtle.sign("HMAC", hmac, message), kw.mac, "HMAC SHA-384: same MAC as Node");
    sameBytes(await subtle.wrapKey("raw", hmac, kek, "AES-KW"), kw.wrapped_raw, "AES-KW: same wrapping as Node");

    const hkdf = await subtle.importKey("raw", message, "HKDF", false, ["deriveBits"]);
    sameBytes(await subtle.deriveBits({ name: "HKDF", hash: "SHA-512", salt: message.slice(0, 7), info: message.slice(3) }, hkdf, 512),
              node.HKDF.bits, "HKDF SHA-512: same bits as Node");
    const pbkdf2 = await subtle.importKey("raw", message, "PBKDF2", false, ["deriveBits"]);
    sameBytes(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-384", salt: message.slice(0, 9), iterations: 1234 }, pbkdf2, 384),
              node.PBKDF2.bits, "PBKDF2 SHA-384: same bits as Node");
    lines.push("AES-GCM, AES-KW, HMAC, HKDF, PBKDF2: same results as Node");
  }
  for (const line of lines) console.log(line);
  console.log(`${checks} checks`);
}

main();
