import { zodIssueToFieldError } from '../../types/errors';
import { PersonNameSchema } from '../../types/identity';
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
