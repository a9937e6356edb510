import { disclosedPetitioner, noticeRegistry } from '../../activities/notice-registry';
import { audiences, noticeKinds, type Audience, type NoticeKind } from '../../workflows/domain/notices';
import type { Petitioner } from '../../generated/prisma/client';

/** The notice registry against the domain's list of kinds, and the one rule of who may be named to whom. */

const petitioner: Petitioner = {
  id: 'p1',
  name: '司马静怡',
  phone: '13612340987',
  email: 'sima.jingyi@example.cn',
  idNumber: '110105199003071234',
  address: '北京市朝阳区望京西路甲18号',
  relationToPatient: '本人',
  consentToDisclose: false,
  createdAt: new Date('2026-11-01T00:00:00Z'),
};
const contact = { name: petitioner.name, phone: petitioner.phone, email: petitioner.email };

describe('notice registry', () => {
  test('every notice kind has exactly one entry, with the audience the domain gives it', () => {
    expect(Object.keys(noticeRegistry).sort()).toEqual(Object.keys(noticeKinds).sort());
    for (const kind of Object.keys(noticeKinds) as NoticeKind[]) {
      expect([kind, noticeRegistry[kind].audience]).toEqual([kind, noticeKinds[kind].audience]);
    }
  });

  test('a petitioner notice names its addressee unless the petition is anonymous', () => {
    expect(disclosedPetitioner('petitioner', { anonymous: false }, petitioner)).toEqual(contact);
    expect(disclosedPetitioner('petitioner', { anonymous: true }, petitioner)).toBeUndefined();
    expect(disclosedPetitioner('petitioner', { anonymous: false }, null)).toBeUndefined();
  });

  test('any other audience sees the person only with consent and never for an anonymous petition', () => {
    const staff = (Object.keys(audiences) as Audience[]).filter((audience) => audience !== 'petitioner');
    expect(staff).toEqual(['department', 'leadership', 'higherAuthority', 'office']);
    for (const audience of staff) {
      expect(disclosedPetitioner(audience, { anonymous: false }, petitioner)).toBeUndefined();
      expect(disclosedPetitioner(audience, { anonymous: true }, { ...petitioner, consentToDisclose: true })).toBeUndefined();
      expect(disclosedPetitioner(audience, { anonymous: false }, { ...petitioner, consentToDisclose: true })).toEqual(contact);
    }
  });

  test('the ID number and the address never reach a template', () => {
    for (const audience of Object.keys(audiences) as Audience[]) {
      const shown = JSON.stringify(disclosedPetitioner(audience, { anonymous: false }, { ...petitioner, consentToDisclose: true }) ?? {});
      expect(shown).not.toContain(petitioner.idNumber!);
      expect(shown).not.toContain(petitioner.address!);
    }
  });
});
