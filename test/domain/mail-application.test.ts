import { describe, expect, it } from 'vitest';
import { attachedFiles, languageOfNumber, mustNotAnswer, numbersNamed } from '../../src/domain/mail-application.js';
import { renderMailRefusal } from '../../src/domain/mail-refusal.js';

describe('numbersNamed', () => {
  it.each([
    ['+86 138 0013 8000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['0086-138-0013-8000', '+8613800138000'],
    ['13800138000', '+8613800138000'],
    ['＋８６ １３８ ００１３ ８０００', '+8613800138000'],
    ['+86 (138) 0013-8000', '+8613800138000'],
    ['+44 7400 123456', '+447400123456'],
  ])('reads %s as %s', (written, e164) => {
    expect(numbersNamed(`注销 ${written}`, '')).toEqual([e164]);
  });

  it('finds a number next to a date or a year, in the subject and the text, once each', () => {
    expect(numbersNamed('Cancel 2026', 'Number: +86 138 0013 8000 2026-11-25, again 8613800138000; also 13912345678')).toEqual(['+8613800138000', '+8613912345678']);
  });

  it('finds nothing where no mobile number is written', () => {
    expect(numbersNamed('Cancel my line', 'Order 12345, 2026-11-25, call 10086')).toEqual([]);
  });
});

describe('the reply to a refused mail', () => {
  it('is Chinese for a mainland number and English for others', () => {
    expect(languageOfNumber('+8613800138000')).toBe('zh-CN');
    expect(languageOfNumber('+447400123456')).toBe('en');
  });

  it('gives both languages when asked to, naming every problem', () => {
    const r = renderMailRefusal({ problems: ['no_number', 'no_form'], address: 'cancel@x.example', portalUrl: 'http://x/apply/form', bilingual: true }, 'zh-CN');
    expect(r.subject).toContain('未能受理');
    expect(r.subject).toContain('could not take');
    expect(r.text).toContain('没有写明要注销的手机号码');
    expect(r.text).toContain('The signed application form is not attached.');
  });

  it('is never sent to a bounce, a machine, a mailing list, a no-reply address or ourselves', () => {
    const person = { envelopeFrom: 'zhang.wei@example.com', headerFrom: 'zhang.wei@example.com', automatic: { autoSubmitted: null, precedence: null, listId: null }, ourAddresses: ['cancel@lastcall.example'] };
    expect(mustNotAnswer(person)).toBe(false);
    expect(mustNotAnswer({ ...person, automatic: { ...person.automatic, autoSubmitted: 'no' } })).toBe(false);
    expect(mustNotAnswer({ ...person, envelopeFrom: null })).toBe(true);
    expect(mustNotAnswer({ ...person, automatic: { ...person.automatic, autoSubmitted: 'auto-replied' } })).toBe(true);
    expect(mustNotAnswer({ ...person, automatic: { ...person.automatic, precedence: 'bulk' } })).toBe(true);
    expect(mustNotAnswer({ ...person, automatic: { ...person.automatic, listId: '<list.example.com>' } })).toBe(true);
    expect(mustNotAnswer({ ...person, headerFrom: 'no-reply@shop.example' })).toBe(true);
    expect(mustNotAnswer({ ...person, envelopeFrom: 'MAILER-DAEMON@mx.example' })).toBe(true);
    expect(mustNotAnswer({ ...person, headerFrom: 'cancel@lastcall.example' })).toBe(true);
  });
});

describe('attachedFiles', () => {
  it('leaves out inline images and mail signatures', () => {
    const files = attachedFiles([
      { contentType: 'application/pdf', inline: false },
      { contentType: 'image/png', inline: true },
      { contentType: 'application/pkcs7-signature', inline: false },
    ]);
    expect(files).toEqual([{ contentType: 'application/pdf', inline: false }]);
  });
});
