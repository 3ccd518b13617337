import { adminOpenids } from '../app/admin/config';
import { buildDemoRoster, DEMO_PERSONAS, type DemoPersona } from '../seed/demo-estate';

/** What a persona that still has to verify should type in (fictional demo data, local mode only). */
function rosterHint(p: DemoPersona): string {
  if (!p.rosterHint) return '';
  const [b, e, r] = p.rosterHint.unitRef.split('-');
  const room = `${b}号楼${e}单元${r}`;
  const person = p.rosterHint.personKey ? buildDemoRoster().people.find((x) => x.key === p.rosterHint!.personKey) : undefined;
  return person ? `演示提示：${room}，姓名 ${person.name}，手机 ${person.phone}` : `演示提示：认领 ${room}（名册登记的是原业主）`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The deployment administrators (GONGYI_ADMIN_OPENIDS) as extra personas of the local login: configuration names
 * them, the login page only offers them. Without the variable there is no administrator persona.
 */
export function adminPersonas(env?: Record<string, string | undefined>): DemoPersona[] {
  return [...adminOpenids(env)].map((openid) => ({ openid, title: `管理员（GONGYI_ADMIN_OPENIDS：${openid}）`, name: '管理员', roles: [], units: [] }));
}

/** Who the local login may sign in as: a demo persona or a configured administrator. */
export const isDevLoginOpenid = (openid: string) => DEMO_PERSONAS.some((p) => p.openid === openid) || adminOpenids().has(openid);

/** The local-only persona picker. WeChat does this by itself (the OPENID of whoever opened the app). */
export function devLoginPage(currentOpenid: string | null): string {
  const rows = [...adminPersonas(), ...DEMO_PERSONAS].map((p) => {
    const mark = p.openid === currentOpenid ? '<span class="now">当前</span>' : '';
    return `<li><form method="post" action="/dev/login">
      <input type="hidden" name="openid" value="${escapeHtml(p.openid)}">
      <button type="submit" class="persona" data-openid="${escapeHtml(p.openid)}">
        <strong>${escapeHtml(p.name)}</strong><span>${escapeHtml(p.title)}${p.rosterHint ? `<br><small class="hint">${escapeHtml(rosterHint(p))}</small>` : ''}</span>${mark}
      </button></form></li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>共议 · 本地演示登录</title>
<style>
  body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f4f5f7;margin:0;padding:24px;color:#1f2329}
  main{max-width:560px;margin:0 auto} h1{font-size:24px;margin:0 0 8px} p{color:#646a73;line-height:1.6}
  ul{list-style:none;padding:0} li{margin:10px 0} form{margin:0}
  .persona{width:100%;text-align:left;background:#fff;border:1px solid #dee0e3;border-radius:10px;padding:14px 16px;font-size:16px;cursor:pointer;display:flex;gap:12px;align-items:center}
  .persona:hover{border-color:#c0392b} .persona strong{min-width:4em} .persona span{color:#646a73}
  .now{margin-left:auto;color:#c0392b !important;font-size:13px} .hint{color:#8f959e;font-size:13px}
</style></head>
<body><main>
<h1>共议 · 本地演示登录</h1>
<p>本页只在本地运行时存在。在微信里，身份来自微信登录（OPENID），不需要选择。请选择一个演示身份进入“和睦家园”小区：</p>
<ul>${rows}</ul>
</main></body></html>`;
}
