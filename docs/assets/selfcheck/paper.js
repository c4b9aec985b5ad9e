// A printed report's first-page check: a QR code of the link that reopens the report in the review view (the
// answers and figures in the link's fragment, which never reaches a server), its check code, and the review
// page's short address. The engine makes the fragment and the code (calculators/review.py: {"review": "paper"});
// here the QR code is drawn, as SVG, by the self-hosted qrcode-generator (node_modules, pinned; staged by
// sitegen/pages/selfcheck.py): no request to another site.
import { element } from "../calculators/render.js";

const SVG = "http://www.w3.org/2000/svg";
let encoder = null;

/** The QR encoder, loaded on first use (the page works without it until a report is drawn). */
function qrEncoder(page) {
  encoder ??= import(new URL(`${page.root}${page.qrModule}`, location.href).href).then((module) => module.default);
  return encoder;
}

/** An SVG QR code: the address part as bytes, the fragment in alphanumeric mode (base32 and "." only: about a
 * third denser than bytes); error correction L, 4 modules of quiet zone. */
export async function qrSvg(page, address, fragment, title) {
  const qrcode = await qrEncoder(page);
  const code = qrcode(0, "L");
  code.addData(address, "Byte");
  code.addData(fragment, "Alphanumeric");
  code.make();
  const count = code.getModuleCount();
  const side = count + 8;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${side} ${side}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "sc-paper-qr");
  svg.setAttribute("shape-rendering", "crispEdges");
  const label = document.createElementNS(SVG, "title");
  label.textContent = title;
  const back = document.createElementNS(SVG, "rect");
  back.setAttribute("width", String(side));
  back.setAttribute("height", String(side));
  back.setAttribute("fill", "#fff");
  let d = "";
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      if (code.isDark(row, column)) d += `M${column + 4} ${row + 4}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.append(label, back, path);
  return svg;
}

/** The box on the report's first page: QR code, check code and short address, or why there is no QR code.
 * @param {PaperLink} paper */
export async function paperBox(page, paper) {
  const box = element("div", "sc-paper");
  box.dataset.checkCode = paper.check_code || "";
  const text = element("div", "sc-paper-text");
  text.append(element("p", "sc-paper-code", `核对码 ${paper.check_code}`));
  if (paper.fragment) {
    const link = `${page.reviewUrl}#${paper.fragment}`;
    box.dataset.link = link;
    box.append(await qrSvg(page, `${page.reviewUrl}#`, paper.fragment, `二维码：在审阅页面打开本报告（核对码 ${paper.check_code}）`));
    text.append(element("p", "sc-paper-how", "审阅单位用手机（可用微信）扫描二维码，即在本站审阅页面按报告中的回答和数据重新计算；屏幕上的核对码和结论应与本页一致。二维码中的内容不经过服务器。"),
      element("p", "sc-paper-address", `审阅页面：${page.reviewUrl}`));
    if (page.preview) text.append(element("p", "sc-paper-preview", "预览版：二维码中的网址是占位地址，正式发布的网站上才能扫码打开。"));
  } else {
    text.append(element("p", "sc-paper-how", paper.reason || ""));
  }
  box.append(text);
  return box;
}
