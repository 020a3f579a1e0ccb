// The tasks by name, for main.ts and the forked children alike.
import { mnistTask } from './mnistTask';
import { SYNTHETIC, SYNTHETIC_CROSSING } from './synthetic';
import type { PrunerTask } from './tasks';

export const PRUNER_TASK_NAMES = ['synthetic', 'synthetic-crossing', 'mnist'];

export function getTask(name: string, diskCache: boolean): PrunerTask {
  switch (name) {
    case 'synthetic':
      return SYNTHETIC;
    case 'synthetic-crossing':
      return SYNTHETIC_CROSSING;
    case 'mnist':
      return mnistTask(diskCache);
    default:
      throw new Error(`unknown task "${name}" (available: ${PRUNER_TASK_NAMES.join(', ')})`);
  }
}
