// `@tune.command` as the file gives it: one template line, split into an
// argument array the way a shell would split words, but never run by a shell.
// The executor fills the placeholders per trial (src/executors/commandLine.ts).

const SHELL_CHARS = new Set(['|', ';', '&', '<', '>']);

/**
 * Splits a command line into words: whitespace separates, '...' keeps text
 * as is, "..." allows \" \\ \$ \` escapes, and outside quotes a backslash
 * escapes any character. No globbing, no $VAR expansion, no pipes or
 * redirections: an unquoted | ; & < > is an error, because nothing here
 * would run it the way a shell does.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`command: ${msg} in: ${text}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail(`unterminated ' quote at column ${i + 1}`);
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated " quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) fail('a trailing backslash escapes nothing');
      // A backslash-newline continues the line, as in a shell.
      if (text[i + 1] !== '\n') word += text[i + 1];
      else if (word === '') inWord = false;
      i += 2;
    } else if (SHELL_CHARS.has(c)) {
      let op = c;
      while (i + op.length < text.length && SHELL_CHARS.has(text[i + op.length])) op += text[i + op.length];
      fail(
        `"${op}" is shell syntax, and the command is run without a shell; ` +
          `put the pipeline or redirection in a script and call the script (or quote the character to pass it literally)`,
      );
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new Error('command: the command is empty');
  return words;
}
