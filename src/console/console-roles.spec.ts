import { parseRoleMapping, readRoleMapping, rolesFromClaims } from './console-roles';

describe('console roles from identity-provider claims', () => {
  const mapping = parseRoleMapping('roles.yaml', {
    agency: 'hub.operators',
    claim: 'groups',
    roles: { admin: ['hub-operators'], 'audit:read': ['hub-auditors', 'hub-operators'] },
  });

  it('grants each role whose values the claim holds, as a list or a single string', () => {
    expect(rolesFromClaims(mapping, { sub: 'a', groups: ['staff', 'hub-operators'] })).toEqual(['admin', 'audit:read']);
    expect(rolesFromClaims(mapping, { sub: 'b', groups: 'hub-auditors' })).toEqual(['audit:read']);
  });

  it('grants nothing for other values, a missing claim, or a look-alike string', () => {
    expect(rolesFromClaims(mapping, { sub: 'c', groups: ['staff'] })).toEqual([]);
    expect(rolesFromClaims(mapping, { sub: 'd' })).toEqual([]);
    expect(rolesFromClaims(mapping, { sub: 'e', groups: 'hub-operators staff' })).toEqual([]);
    expect(rolesFromClaims(mapping, { sub: 'f', groups: [{ value: 'hub-operators' }] })).toEqual([]);
  });

  it('names each bad field of a mapping file', () => {
    expect(() => parseRoleMapping('bad.yaml', { claim: '', roles: { root: ['x'], admin: 'hub-operators' } })).toThrow(
      /agency: must be a non-empty string[\s\S]*claim: must be a non-empty string[\s\S]*roles\.root: not a console role[\s\S]*roles\.admin: must be a list/,
    );
  });

  it('reads the shipped example', () => {
    expect(readRoleMapping('config/demo/console-roles.yaml')).toEqual({
      agency: 'hub.operators',
      claim: 'groups',
      roles: { admin: ['hub-operators'], 'audit:read': ['hub-operators', 'hub-auditors'] },
    });
  });
});
