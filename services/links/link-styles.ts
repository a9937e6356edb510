/** The link pages' only stylesheet, served from /links/assets (the CSP allows styles from this origin only). */
export const linkStylesheet = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.7;color:#1f2328;background:#f3f4f6}
main{max-width:760px;margin:0 auto;padding:16px}
header.banner{background:#8b1a1a;color:#fff;padding:12px 16px}
header.banner .hospital{font-size:14px;opacity:.9}
h1{font-size:20px;margin:4px 0}
h2{font-size:18px;margin:0 0 8px}
h3{font-size:16px;margin:12px 0 0}
.muted{color:#57606a;font-size:14px}
section.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:12px 0}
dl.facts{display:grid;grid-template-columns:7em 1fr;gap:4px 12px;margin:0}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0;word-break:break-word}
.matter{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;border-radius:6px;padding:10px;margin:8px 0}
.due{font-weight:bold}
.overdue{color:#b42318}
.notice{border-left:4px solid #b42318;background:#fff5f5;padding:8px 12px;margin:8px 0}
.ok{border-left:4px solid #1a7f37;background:#f0fff4;padding:8px 12px;margin:8px 0}
.error{border-left:4px solid #b42318;background:#fff5f5;padding:8px 12px;margin:8px 0}
label{display:block;margin:10px 0 4px;font-weight:bold}
textarea,input,select{width:100%;font:inherit;padding:8px;border:1px solid #8c959f;border-radius:6px}
textarea{min-height:6em}
button{margin-top:12px;font:inherit;padding:10px 20px;border:0;border-radius:6px;background:#8b1a1a;color:#fff;cursor:pointer;width:100%}
button.secondary{background:#57606a}
footer{color:#57606a;font-size:13px;margin:16px 0}
@media (min-width:640px){button{width:auto}}
`;
