// Monaco's features beyond typing, loaded right after the editor is up (editor.ts): hover,
// completion, quick fixes, find, the context menu, formatting, go to definition and the usual
// editing commands. No folding or word highlighting: lab files are a screen long. Monaco gives
// an editor the features registered when it is created; editor.ts replaces the first editor by
// one with these once they arrive.
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// The completion widget itself: no feature entry point pulls it in.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import { addLateServices } from './monaco-late-services.ts';

addLateServices();
