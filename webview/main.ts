// The side panel's script. The panel itself is its own issue; this entry
// keeps the webview bundle in the build from the start.
const root = document.getElementById('root');
if (root) root.textContent = 'Hyperlens';
