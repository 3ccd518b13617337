import { OpenTopicInputSchema, TOPIC_FIELD_LABELS } from '../../types/deliberation';
import { MeInputSchema } from '../../types/identity';
import { apiError, ERROR_MESSAGES, zodIssueToFieldError, type ZodIssueLike } from '../../types/errors';
import { formatArea, formatShanghai } from '../../types/time';

const fieldErrors = (schema: { safeParse(v: unknown): any }, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return (r.error.issues as ZodIssueLike[]).map((i) => zodIssueToFieldError(i, TOPIC_FIELD_LABELS, input));
};

describe('error model', () => {
  it('has a Chinese message for every code', () => {
    for (const [code, message] of Object.entries(ERROR_MESSAGES)) {
      expect(message).toMatch(/[\u4e00-\u9fa5]/);
      expect(apiError(code as keyof typeof ERROR_MESSAGES).message).toBe(message);
    }
  });

  it('maps zod issues field by field into Chinese', () => {
    const errors = fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: ' 短 ', summary: 42, openid: 'x' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '标题至少需要 4 个字' },
        { field: 'summary', message: '说明格式不正确' },
        { field: '', message: '不允许的字段：openid' },
      ]),
    );
  });

  it('says a missing field is missing, and bounds lengths', () => {
    expect(fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: '标题足够长了' })).toEqual([{ field: 'summary', message: '说明不能为空' }]);
    expect(fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: '长'.repeat(61), summary: '说明'.repeat(6) })).toEqual([
      { field: 'title', message: '标题最多 60 个字' },
    ]);
  });

  it('rejects ids with characters outside the id alphabet', () => {
    expect(MeInputSchema.safeParse({ estateId: 'a b' }).success).toBe(false);
    expect(MeInputSchema.safeParse({ estateId: 'hemu' }).success).toBe(true);
  });
});

describe('time and area display', () => {
  it('shows instants in Beijing time (UTC+8) whatever the machine zone', () => {
    expect(formatShanghai('2026-11-22T16:30:00.000Z')).toBe('2026-11-23 00:30');
  });
  it('formats 0.01 m² integers exactly', () => {
    expect(formatArea(8952)).toBe('89.52');
    expect(formatArea(1205)).toBe('12.05');
    expect(formatArea(7)).toBe('0.07');
    expect(formatArea(1234567890)).toBe('12345678.90');
  });
});
