// dockerfile-ast checks for a UTF-8 byte-order mark with Node's Buffer; the page gets the
// `buffer` package's implementation. Imported before the language service.
import { Buffer } from 'buffer';

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
