/**
 * A chapter opened in JupyterLab is not marked modified by the widget manager's restore.
 *
 * jupyterlab_widgets 3.0.x (@jupyter-widgets/jupyterlab-manager 5.0.x) sets
 * `context.model.dirty = true` for every widget model it registers while the setting
 * "saveState" is on (`WidgetManager.register_model` -> `setDirty`), the models it restores from
 * the notebook's stored widget state included. The course needs saveState (a chapter saved after
 * Run All reopens with its panels), so the mark appears on every chapter with stored panels a
 * second or two after it opens, although nothing changed.
 *
 * For each notebook that opens with stored widget state, this plugin watches from the moment its
 * context is ready until the notebook's widget manager reports the restore done (its `restored`
 * signal, with every stored model id registered): each time the notebook is marked modified in that
 * window it is unmarked again, and once more at the end, only while the document is still what was
 * loaded: no `contentChanged` since the context was ready and the same JSON. A user's edit, before or after,
 * keeps the mark; so does anything run in the kernel (outputs are content). Widget state saving is
 * untouched: the manager still writes the state into the notebook when it is saved.
 *
 * If the widget manager cannot be found or does not finish its restore within RESTORE_TIMEOUT_MS,
 * nothing is done (the upstream behaviour stays).
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
const WIDGET_STATE = 'application/vnd.jupyter.widget-state+json';
/** How long a notebook's kernel start and widget restore may take before the plugin gives up. */
const RESTORE_TIMEOUT_MS = 180_000;
/** How often the notebook's rendermime is asked for the widget manager until it is there. */
const POLL_MS = 100;
const LOG_PREFIX = 'lrdecay-lessons-open-unmodified:';

/** The part of jupyterlab-manager's `WidgetManager` (a `LabWidgetManager`) that is used here. */
interface RestoringManager {
  readonly restoredStatus: boolean;
  readonly restored: {
    connect(slot: () => void): boolean;
    disconnect(slot: () => void): boolean;
  };
  has_model(modelId: string): boolean;
}

/** jupyterlab-manager's WidgetRenderer, as far as it is used here (`_manager` is private upstream). */
interface WidgetRenderer {
  dispose(): void;
  _manager?: { promise: Promise<RestoringManager> } | null;
}

function sleep(ms: number): Promise<null> {
  return new Promise(resolve => setTimeout(() => resolve(null), ms));
}

/** The model ids of the widget state stored in the notebook's metadata (none: an empty list). */
function storedModelIds(panel: NotebookPanel): string[] {
  const widgets = panel.context.model.getMetadata('widgets') as
    | Record<string, { state?: Record<string, unknown> }>
    | undefined;
  return Object.keys(widgets?.[WIDGET_STATE]?.state ?? {});
}

/**
 * The widget manager of ``panel``, or null when none appears before ``deadline`` (ms since epoch).
 *
 * jupyterlab-manager keeps its managers in a private map; what it does expose is the renderer
 * factory it installs on the panel's rendermime once the kernel is ready: a WidgetRenderer made by
 * it holds the manager (the promise `_manager`, resolved at construction). Renderers made before
 * that (the application-wide factory) hold an unresolved promise, so the lookup is repeated.
 */
async function findManager(panel: NotebookPanel, deadline: number): Promise<RestoringManager | null> {
  while (!panel.isDisposed && Date.now() < deadline) {
    let renderer: WidgetRenderer | null = null;
    try {
      renderer = panel.content.rendermime.createRenderer(WIDGET_VIEW) as unknown as WidgetRenderer;
    } catch {
      renderer = null;  // no factory for widget views (yet)
    }
    const delegate = renderer?._manager;
    const manager = delegate ? await Promise.race([delegate.promise, sleep(0)]) : null;
    renderer?.dispose();
    if (manager && typeof manager.has_model === 'function' && manager.restored) {
      return manager;
    }
    await sleep(POLL_MS);
  }
  return null;
}

/** True once ``manager`` has restored and registered every id of ``ids``; false at ``deadline``. */
function restoreDone(manager: RestoringManager, ids: string[], deadline: number): Promise<boolean> {
  const done = () => manager.restoredStatus && ids.every(id => manager.has_model(id));
  return new Promise(resolve => {
    if (done()) {
      resolve(true);
      return;
    }
    const finish = (value: boolean) => {
      clearTimeout(timer);
      manager.restored.disconnect(onRestored);
      resolve(value);
    };
    const onRestored = () => {
      if (done()) {
        finish(true);
      }
    };
    const timer = setTimeout(() => finish(false), Math.max(0, deadline - Date.now()));
    manager.restored.connect(onRestored);
  });
}

/** Wait for ``panel``'s widget restore and clear the mark it left if nothing was edited; the outcome. */
export async function keepUnmodifiedThroughRestore(panel: NotebookPanel): Promise<string> {
  const { context } = panel;
  await context.ready;
  const model = context.model;
  const ids = storedModelIds(panel);
  if (ids.length === 0) {
    return 'no stored widget state';
  }
  if (model.dirty) {
    return 'modified before the restore began: left as it is';
  }
  const opened = JSON.stringify(model.toJSON());
  let edited = false;
  const unchanged = () => !edited && !panel.isDisposed && JSON.stringify(model.toJSON()) === opened;
  const onContentChanged = () => {
    edited = true;
  };
  // Each mark the restore sets is taken back at once (no dot blinks on the tab meanwhile).
  const onStateChanged = (_: unknown, change: { name: string; newValue: unknown }) => {
    if (change.name === 'dirty' && change.newValue === true && unchanged()) {
      model.dirty = false;
    }
  };
  model.contentChanged.connect(onContentChanged);
  model.stateChanged.connect(onStateChanged);
  const deadline = Date.now() + RESTORE_TIMEOUT_MS;
  try {
    const manager = await findManager(panel, deadline);
    if (!manager) {
      return 'no widget manager found: left as it is';
    }
    if (!(await restoreDone(manager, ids, deadline))) {
      return 'the widget restore did not finish in time: left as it is';
    }
  } finally {
    model.contentChanged.disconnect(onContentChanged);
    model.stateChanged.disconnect(onStateChanged);
  }
  if (!unchanged()) {
    return 'edited while the widgets were restored: left modified';
  }
  model.dirty = false;
  return 'unmodified after the widget restore';
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'lrdecay-lessons-open-unmodified:plugin',
  description: 'A notebook opened with stored widget state is not marked modified by the widget restore.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker) => {
    const watch = (panel: NotebookPanel) => {
      keepUnmodifiedThroughRestore(panel).then(
        outcome => console.debug(LOG_PREFIX, panel.context.path, outcome),
        error => console.warn(LOG_PREFIX, panel.context.path, error)
      );
    };
    // A notebook opened while JupyterLab was still activating its plugins is in the tracker already.
    tracker.forEach(watch);
    tracker.widgetAdded.connect((_, panel) => watch(panel));
  }
};

export default plugin;
