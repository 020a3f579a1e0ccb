// Which host language a file is written in, and that language's syntax.

import * as path from 'node:path';
import type { HostLanguage } from '../types';
import { env } from './env';
import type { HostSyntax } from './host';
import { ini } from './ini';
import { json } from './json';
import { python } from './python';
import { toml } from './toml';
import { yaml } from './yaml';

const SYNTAX: Record<HostLanguage, HostSyntax> = { yaml, toml, json, python, env, ini };

const BY_EXTENSION: Record<string, HostLanguage> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.json': 'json',
  '.jsonc': 'json',
  '.py': 'python',
  '.env': 'env',
  '.sh': 'env',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.conf': 'ini',
};

/** The host language of a file, by its name; undefined for files Hyperlens does not read. */
export function languageOf(fileName: string): HostLanguage | undefined {
  const base = path.basename(fileName).toLowerCase();
  if (base === '.env' || base.startsWith('.env.')) return 'env';
  return BY_EXTENSION[path.extname(base)];
}

export function syntaxOf(language: HostLanguage): HostSyntax {
  return SYNTAX[language];
}
