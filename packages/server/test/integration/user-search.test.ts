import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMeta } from '../../src/modules/access/actor.ts';
import { identityRepository } from '../../src/modules/identity/identity.repository.ts';
import { buildAgency } from '../support/factories.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The user search finds the same people on both engines: every word of the query within the name
// or the e-mail, without case or accents; punctuation separates words and is never a wildcard.

describe(`finding users by name or e-mail on ${engineName()}`, () => {
  let t: TestNode;
  let agencyId: string;
  const search = async (q: string) =>
    (await identityRepository.listUsers(t.node.database.db, { agencyIds: [agencyId], q }))
      .map((u) => u.email)
      .sort();

  beforeAll(async () => {
    t = await startTestNode();
    agencyId = (await buildAgency(t.node, { jurisdiction: 'FR', kind: 'police', name: 'PJ Paris' })).id;
    const people: [string, string][] = [
      ['jean_dupont@pj.example', 'Jean Dupont'],
      ['jm.dupontel@pj.example', 'Jean-Marc Dupontel'],
      ['c.lefevre@pj.example', 'Camille LEFÈVRE'],
      ['desk100@pj.example', 'Desk 100%'],
      ['l.nowak@pj.example', 'Łucja Nowak'],
    ];
    for (const [email, displayName] of people) {
      const made = await t.node.users.create(null, systemMeta, {
        email,
        displayName,
        agencyId,
        roles: ['investigator'],
        clearance: 1,
        languages: ['fr'],
        password: 'correct-horse-battery-staple-42',
      });
      expect('data' in made ? made.data : made).toMatchObject({ email });
    }
  });
  afterAll(() => t.close());

  it('matches every word without case or accents, in the name or the e-mail', async () => {
    expect(await search('lefèvre')).toEqual(['c.lefevre@pj.example']);
    expect(await search('LEFEVRE')).toEqual(['c.lefevre@pj.example']);
    expect(await search('lucja')).toEqual(['l.nowak@pj.example']);
    expect(await search('JEAN dup')).toEqual(['jean_dupont@pj.example', 'jm.dupontel@pj.example']);
    expect(await search('dupontel')).toEqual(['jm.dupontel@pj.example']);
    expect(await search('jm.dupontel@pj')).toEqual(['jm.dupontel@pj.example']);
  });

  it('reads punctuation as a break between words, never as a wildcard', async () => {
    expect(await search('jean_')).toEqual(['jean_dupont@pj.example', 'jm.dupontel@pj.example']);
    expect(await search('jean_dupont')).toEqual(['jean_dupont@pj.example', 'jm.dupontel@pj.example']);
    expect(await search('100%')).toEqual(['desk100@pj.example']);
    expect(await search('q%fevre')).toEqual([]);
  });

  it('finds a renamed account by its new name', async () => {
    const [row] = await identityRepository.listUsers(t.node.database.db, {
      agencyIds: [agencyId],
      q: 'desk',
    });
    await identityRepository.updateUser(t.node.database.db, row!.id, { display_name: 'Permanence nuit' });
    expect(await search('permanence')).toEqual(['desk100@pj.example']);
    expect(await search('desk 100')).toEqual(['desk100@pj.example']);
  });
});
