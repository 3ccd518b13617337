import { idTail, maskName, maskPhone } from '../../server/core/identity/masking';

describe('masking personal data', () => {
  it('masks Chinese names, keeping the first and (for 3+ characters) the last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName(' 李 ')).toBe('李*');
    expect(maskName('')).toBe('');
  });
  it('masks phones to 3 + 4 visible digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('010-6512-3456')).toBe('010****3456');
    expect(maskPhone('12345')).toBe('*****');
  });
  it('keeps only the last four characters of an ID number, upper-cased', () => {
    expect(idTail('11010519491231002x')).toBe('002X');
  });
});
