// The annotation language (DESIGN §2): parse a config file's `@tune`
// comments into a search space and directives, and render values back into
// exactly the spans they came from.

export * from './types';
export { DISTRIBUTIONS, parseAnnotation } from './distribution';
export { DIRECTIVE_NAMES, parseDirectives, parseDuration } from './directives';
export { DEFAULT_ENTRY_EXPORT, ENTRY_EXTENSIONS, formatEntry, parseEntry } from './entry';
export { languageOf } from './languages';
export { currentValues, formatAnnotationError, parseConfig, parseConfigFile, spaceOf } from './parse';
export { formatLiteral, renderConfig, valueEdits, type ValueEdit } from './render';
export { NO_COMMAND, NO_OBJECTIVE, NO_VALUE, runProblems } from './runProblems';
