// The documents Hyperlens reads: by file name, whatever language id the
// editor gave them (a `.env` may be `dotenv`, `properties` or `plaintext`).
import type * as vscode from 'vscode';

const PATTERN = '**/{*.yaml,*.yml,*.toml,*.json,*.jsonc,*.py,*.env,*.sh,*.ini,*.cfg,*.conf,.env,.env.*}';

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: PATTERN },
  { scheme: 'untitled', pattern: PATTERN },
  { scheme: 'vscode-remote', pattern: PATTERN },
];
