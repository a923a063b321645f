import { describe, expect, it } from 'vitest';
import { appPath, myNotificationsKey } from '../../src/app/notifications/NotificationsMenu.tsx';

describe('stored notifications in the bell', () => {
  it('opens the link of a stored notification inside the app (the server sends it absolute)', () => {
    expect(appPath('https://comity.example/requests/0190-abc')).toBe('/requests/0190-abc');
    expect(appPath('http://localhost:8080/inbox?view=due')).toBe('/inbox?view=due');
    expect(appPath('/requests/1')).toBe('/requests/1');
  });
  it('loads them from GET /api/me/notifications under one cache key', () => {
    expect(myNotificationsKey).toEqual(['me', 'notifications']);
  });
});
