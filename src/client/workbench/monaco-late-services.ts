// Monaco's standalone editor gathers the services that modules register (registerSingleton)
// when its first editor is created; modules loaded after that (monaco-features.ts,
// monaco-diff-editor.ts) register theirs too late to be found ("depends on UNKNOWN service").
// This adds what they registered to the page's services, and has the keybinding service read
// the key bindings they brought. Monaco internals (types in monaco-internals.d.ts): the e2e
// tests that complete, quick-fix and show the Solution diff fail if they change.
import { StandaloneServices } from 'monaco-editor/editor/standalone/browser/standaloneServices.js';
import { getSingletonServiceDescriptors } from 'monaco-editor/platform/instantiation/common/extensions.js';
import { IInstantiationService } from 'monaco-editor/platform/instantiation/common/instantiation.js';
import { IKeybindingService } from 'monaco-editor/platform/keybinding/common/keybinding.js';

export function addLateServices(): void {
  const services = StandaloneServices.get(IInstantiationService)._services;
  for (const [id, descriptor] of getSingletonServiceDescriptors()) if (!services.get(id)) services.set(id, descriptor);
  StandaloneServices.get(IKeybindingService).updateResolver();
}
