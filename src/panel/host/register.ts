// The panel's two homes, registered once at activation: nothing is built or
// read until the view is first shown or a run is opened.
import * as vscode from 'vscode';
import type { Ctx } from '../../editor/ctx';
import { EditorPanels, RUN_PANEL_TYPE } from './editorPanels';
import { PANEL_VIEW_ID, SidebarView } from './sidebarView';

export interface Panels {
  sidebar: SidebarView;
  editor: EditorPanels;
}

export function registerPanels(ctx: Ctx): Panels {
  const sidebar = ctx.track(new SidebarView(ctx));
  // Not retained when hidden: the host resends everything as a snapshot when it is shown again.
  ctx.track(vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, sidebar, { webviewOptions: { retainContextWhenHidden: false } }));
  const editor = ctx.track(new EditorPanels(ctx));
  ctx.track(vscode.window.registerWebviewPanelSerializer(RUN_PANEL_TYPE, editor));
  return { sidebar, editor };
}
