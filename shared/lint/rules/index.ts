// Every rule, in the order the README's table lists them.
import addUrl from './add-url.ts';
import copiesNodeModulesTwice from './copies-node-modules-twice.ts';
import copyFromLaterStage from './copy-from-later-stage.ts';
import copyFromUnknownStage from './copy-from-unknown-stage.ts';
import devDependenciesInFinal from './dev-dependencies-in-final.ts';
import finalSameBase from './final-same-base.ts';
import goCgoOnMusl from './go-cgo-on-musl.ts';
import imageNotOffered from './image-not-offered.ts';
import refusedMount from './refused-mount.ts';
import refusedRunOption from './refused-run-option.ts';
import relativeWorkdir from './relative-workdir.ts';
import runsAsRoot from './runs-as-root.ts';
import secretInEnv from './secret-in-env.ts';
import shellFormCommand from './shell-form-command.ts';
import unpinnedBase from './unpinned-base.ts';
import unusedStage from './unused-stage.ts';

export const RULE_LIST = [
  copyFromUnknownStage,
  copyFromLaterStage,
  imageNotOffered,
  addUrl,
  refusedMount,
  refusedRunOption,
  finalSameBase,
  devDependenciesInFinal,
  copiesNodeModulesTwice,
  unusedStage,
  runsAsRoot,
  unpinnedBase,
  secretInEnv,
  shellFormCommand,
  relativeWorkdir,
  goCgoOnMusl,
] as const;
