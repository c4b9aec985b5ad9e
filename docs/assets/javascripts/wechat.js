// @ts-check
// WeChat's in-app browser (MicroMessenger in its user agent) blocks downloads, printing and picking files, and says
// nothing when it does. Where a page offers those actions (a download link, a file picker, a print or export
// button: the calculators' and the self-check's `…-print` and `…-export`), one note beside each group of them says
// how to get a browser that can.
(() => {
  if (!/MicroMessenger/i.test(navigator.userAgent)) return;
  const HINT = "微信内无法下载、打印或选择文件：请点右上角，在浏览器中打开。";
  const ACTIONS = 'a[download], input[type="file"], button[id$="-print"], button[id$="-export"]';
  const GROUP = ".calc-sticky, .calc-actions, .calc-table-tools, .reuse-actions, table, p, li";
  const noted = new Set();
  for (const action of document.querySelectorAll(ACTIONS)) {
    const group = action.closest(GROUP) || action;
    if (noted.has(group)) continue;
    noted.add(group);
    const hint = document.createElement("p");
    hint.className = "wechat-hint";
    hint.setAttribute("role", "note");
    hint.textContent = HINT;
    group.before(hint);
  }
})();
