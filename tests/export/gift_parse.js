// Reads GIFT text on stdin and prints what gift-pegjs (npm) parses from it, as JSON.
// Used by test_questions.py to read Kursbau's GIFT export back with a parser nobody here wrote.
const { parse } = require('gift-pegjs');
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { text += chunk; });
process.stdin.on('end', () => { process.stdout.write(JSON.stringify(parse(text))); });
