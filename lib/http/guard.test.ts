// The API's request guard as a unit: which browsers' and tools' requests reach a route handler.
import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { guardApiRequest, hostnameOf, type GuardOptions } from './guard';

function request(method: string, headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/source'): Request {
  return new Request(url, { method, headers });
}

function refusal(req: Request, options: GuardOptions = { allowedHosts: [] }): DoctorError | undefined {
  try {
    guardApiRequest(req, options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DoctorError);
    return error as DoctorError;
  }
}

const local = { host: '127.0.0.1:3000' };

describe('guardApiRequest', () => {
  it('lets the dashboard’s own same-origin POST through', () => {
    expect(refusal(request('POST', { ...local, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
    expect(refusal(request('POST', { host: 'localhost:3100', origin: 'http://localhost:3100', 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
    expect(refusal(request('POST', { host: '[::1]:3000', origin: 'http://[::1]:3000', 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
    // A default port on one side only is still the same origin.
    expect(refusal(request('POST', { host: 'localhost', origin: 'http://localhost:80' }))).toBeUndefined();
  });

  it('lets curl and scripts through: no Origin, no Sec-Fetch-Site, a loopback Host', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000']) {
      expect(refusal(request('POST', { host })), host).toBeUndefined();
      expect(refusal(request('GET', { host })), host).toBeUndefined();
    }
    // A Request built without a Host header (as tests and Next.js internals may): the URL's host.
    expect(refusal(new Request('http://localhost/api/diagnose', { method: 'POST' }))).toBeUndefined();
  });

  it('lets a typed-in / bookmarked navigation (Sec-Fetch-Site: none) through', () => {
    expect(refusal(request('POST', { ...local, 'sec-fetch-site': 'none' }))).toBeUndefined();
  });

  it('refuses a cross-site POST (403 naming Sec-Fetch-Site)', () => {
    for (const site of ['cross-site', 'same-site']) {
      const error = refusal(request('POST', { ...local, 'sec-fetch-site': site }));
      expect(error?.code).toBe('forbidden');
      expect(error?.status).toBe(403);
      expect(error?.field).toBe('Sec-Fetch-Site');
      expect(error?.message).toContain('Sec-Fetch-Site');
    }
  });

  it('refuses a POST whose Origin is another host or port (403 naming Origin), even without Sec-Fetch-Site', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:8080', 'http://localhost:3000', 'null', 'file://', 'not a url']) {
      const error = refusal(request('POST', { ...local, origin }));
      expect(error?.code, origin).toBe('forbidden');
      expect(error?.status).toBe(403);
      expect(error?.message).toContain('Origin');
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect(refusal(request(method, { ...local, origin: 'https://evil.example' }))?.code, method).toBe('forbidden');
    }
  });

  it('does not apply the Origin / Sec-Fetch-Site rule to safe methods (the Host rule still applies)', () => {
    expect(refusal(request('GET', { ...local, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))).toBeUndefined();
  });

  it('refuses a foreign Host on every method, even same-origin (DNS rebinding), naming Host', () => {
    for (const method of ['GET', 'POST']) {
      for (const host of ['attacker.example:3000', 'attacker.example', '127.0.0.2:3000', '0.0.0.0:3000', 'evil.example@localhost', 'localhost.', 'localhost:3000/x', '']) {
        const error = refusal(request(method, { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }));
        expect(error?.code, `${method} ${host}`).toBe('forbidden');
        expect(error?.status).toBe(403);
        expect(error?.field).toBe('Host');
        expect(error?.message).toContain('DOCTOR_ALLOWED_HOSTS');
      }
    }
  });

  it('accepts an allow-listed host name (DOCTOR_ALLOWED_HOSTS), and only that one', () => {
    const options = { allowedHosts: ['doctor.lan', '[fe80::1]'] };
    expect(refusal(request('GET', { host: 'doctor.lan:3000' }), options)).toBeUndefined();
    expect(refusal(request('POST', { host: 'Doctor.LAN:3000', origin: 'http://doctor.lan:3000', 'sec-fetch-site': 'same-origin' }), options)).toBeUndefined();
    expect(refusal(request('GET', { host: '[fe80::1]:3000' }), options)).toBeUndefined();
    expect(refusal(request('GET', { host: 'other.lan:3000' }), options)?.field).toBe('Host');
    // An allowed host still may not be called by another site.
    expect(refusal(request('POST', { host: 'doctor.lan:3000', origin: 'https://evil.example' }), options)?.field).toBe('Origin');
  });

  it('requires content-type: application/json when asked (POST /api/diagnose), naming Content-Type', () => {
    const json = { requireJson: true, allowedHosts: [] };
    expect(refusal(request('POST', { ...local, 'content-type': 'application/json' }), json)).toBeUndefined();
    expect(refusal(request('POST', { ...local, 'content-type': 'Application/JSON; charset=utf-8' }), json)).toBeUndefined();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', undefined]) {
      const error = refusal(request('POST', { ...local, ...(type ? { 'content-type': type } : {}) }), json);
      expect(error?.code, String(type)).toBe('forbidden');
      expect(error?.field).toBe('Content-Type');
      expect(error?.message).toContain('Content-Type');
    }
  });

  it('answers in the project’s one error shape', () => {
    const error = refusal(request('POST', { ...local, origin: 'https://evil.example' }));
    expect(error?.toJSON()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('Origin'), field: 'Origin' } });
  });
});

describe('hostnameOf', () => {
  it('reads the name of a Host header, normalized, and nothing else', () => {
    expect(hostnameOf('LocalHost:3000')).toBe('localhost');
    expect(hostnameOf('[0:0:0:0:0:0:0:1]:3000')).toBe('[::1]');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostnameOf('a@localhost')).toBeUndefined();
    expect(hostnameOf('localhost/x')).toBeUndefined();
    expect(hostnameOf('localhost:3000:1')).toBeUndefined();
    expect(hostnameOf('')).toBeUndefined();
  });
});
