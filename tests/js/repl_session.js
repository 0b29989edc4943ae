// command: repl
// expect-stderr: Uncaught ReferenceError: notDefined is not defined
const answer = 6 * 7
answer
function add(a,
             b) {
  return a + b;
}
add(answer, 1)
({ nested: { list: [1, 2, 3] }, text: "hi" })
notDefined + 1
"still running after an error"
setTimeout(() => console.log("timer from the repl"), 500); "scheduled"
let later = `multi
line template`
later.split("\n").length
