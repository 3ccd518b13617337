import { zodIssueToFieldError } from '../../types/errors';
import { DecideRoleGrantSchema, PersonNameSchema } from '../../types/identity';
import { CreateEstateSchema } from '../../types/admin';
import { isPlainText, normalizeName } from '../../types/normalize';

/** Issue 8: names typed one way and imported another must meet; control characters never reach storage. */
describe('normalizeName: one key for the ways people write a name', () => {
  it.each([
    ['John Smith', ['John Smith', ' John  Smith ', 'John\u3000Smith', 'Ｊｏｈｎ Ｓｍｉｔｈ', 'John\u00a0Smith']],
    ['王芳', ['王　芳', '王 芳', '王芳', ' 王芳 ']],
    ['阿依古丽·买买提', ['阿依古丽．买买提', '阿依古丽.买买提', '阿依古丽·买买提', '阿依古丽 · 买买提', '阿依古丽・买买提', '阿依古丽•买买提']],
  ])('%s', (key, variants) => {
    for (const v of variants) expect(normalizeName(v)).toBe(key);
  });
});

describe('isPlainText and the schema check', () => {
  it('refuses NUL, other control characters, DEL, C1 and lone surrogates; keeps tabs, emoji and CJK', () => {
    for (const bad of ['a\u0000', '\u0007', 'x\u001by', '\u007f', '\u0085', '\ud800', 'a\udfffb', '\ud83d']) expect(isPlainText(bad, true)).toBe(false);
    for (const good of ['议题\t说明', '😀👨‍👩‍👧', '𠀀', '王芳', '']) expect(isPlainText(good)).toBe(true);
    expect(isPlainText('第一行\n第二行')).toBe(false);
    expect(isPlainText('第一行\r\n第二行', true)).toBe(true);
  });

  it('gives the coded field error FIELD_BAD_CHARACTERS, once', () => {
    const r = PersonNameSchema.safeParse('王\u0000芳');
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => zodIssueToFieldError(i as never, { '': '姓名' }, '王\u0000芳'));
    expect(fields).toEqual([expect.objectContaining({ code: 'FIELD_BAD_CHARACTERS' })]);
  });
});

describe('every free-text field refuses control characters, the admin and role-grant schemas included', () => {
  it('createEstate and decideRoleGrant refuse NUL and lone surrogates with FIELD_BAD_CHARACTERS', () => {
    const estate = { name: '和睦家园', district: '和平区', address: '幸福路 88 号', communityName: '幸福里社区居委会', partyBranchName: '和睦家园小区党支部', requireIdLast4: false };
    for (const [field, bad] of [['name', '和睦\u0000家园'], ['address', '幸福路\ud800']] as const) {
      const r = CreateEstateSchema.safeParse({ ...estate, [field]: bad });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => zodIssueToFieldError(i as never, {}, { ...estate, [field]: bad }).code)).toContain('FIELD_BAD_CHARACTERS');
    }
    const grant = { estateId: 'hemu', grantId: 'g1', decision: 'reject', reason: '不合适\u0000' };
    const g = DecideRoleGrantSchema.safeParse(grant);
    expect(g.success).toBe(false);
    expect(g.error!.issues.map((i) => zodIssueToFieldError(i as never, {}, grant).code)).toContain('FIELD_BAD_CHARACTERS');
  });
});
