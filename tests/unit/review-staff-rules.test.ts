/**
 * Review regression (rules page, src/lib/staff-rules.ts): a refused save deletes the document it uploaded
 * (server/app/handler.ts discards a refused request's uploads), so the form must not send that file again.
 */
import { formFor, formReducer, saveInput } from '../../src/lib/staff-rules';
import { DEFAULT_RULES } from '../../types/procedure-rules';
import type { GetRulesOutput } from '../../types/deliberation-rules';

const data = { active: { rules: DEFAULT_RULES } } as unknown as Pick<GetRulesOutput, 'active'>;

describe('the rules draft form after a refused save', () => {
  it('forgets the deleted upload and goes back to the draft’s own document', () => {
    const draft = { draftId: 'rd1', fingerprint: 'f1', rules: DEFAULT_RULES, changeNote: '', document: { fileName: '议事规则.pdf' } } as never;
    let form = formReducer(formFor(data, draft), { type: 'document', fileId: 'uploads/staff/1-new.pdf', fileName: '新原件.pdf' });
    expect(saveInput('hemu', form)).toMatchObject({ documentFileId: 'uploads/staff/1-new.pdf' });
    form = formReducer(form, { type: 'uploadDiscarded', document: { fileName: '议事规则.pdf' } });
    expect(saveInput('hemu', form)).not.toHaveProperty('documentFileId');
    expect(form.document).toEqual({ fileName: '议事规则.pdf' });
  });

  it('a new draft without a stored document shows none again', () => {
    let form = formReducer(formFor(data), { type: 'document', fileId: 'uploads/staff/2-a.pdf', fileName: 'a.pdf' });
    form = formReducer(form, { type: 'uploadDiscarded', document: null });
    expect(form.document).toBeNull();
    expect(saveInput('hemu', form)).not.toHaveProperty('documentFileId');
  });
});
