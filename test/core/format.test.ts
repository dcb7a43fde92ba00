// Expected strings from C's printf ('%.*g' % (p, x) in /usr/bin/python3, which formats as C does).
import { describe, expect, it } from 'vitest';
import { formatG } from '../../src/core/format.js';

describe('formatG (C printf %.Ng)', () => {
  it('matches printf on hand-checked values', () => {
    const cases: [number, number, string][] = [
      [0.1, 17, '0.10000000000000001'],
      [868.2000000000002, 17, '868.20000000000016'],
      [0, 17, '0'],
      [-0, 6, '-0'],
      [1, 6, '1'],
      [100000, 6, '100000'],
      [1000000, 6, '1e+06'],
      [123456789, 6, '1.23457e+08'],
      [0.0001, 6, '0.0001'],
      [0.00001, 6, '1e-05'],
      [5.684341886080802e-14, 6, '5.68434e-14'],
      [-2.5e-300, 6, '-2.5e-300'],
      [1e100, 17, '1.0000000000000000e+100'.replace(/\.?0+e/, 'e')],
      [0.5, 1, '0.5'],
      [2.5, 1, '2'], // tie → even (printf), not 3 (JavaScript's toPrecision)
      [3.5, 1, '4'],
      [1000000000000000.25, 17, '1000000000000000.2'],
      [1000000000000000.75, 17, '1000000000000000.8'],
      [NaN, 6, 'nan'],
      [Infinity, 6, 'inf'],
      [-Infinity, 17, '-inf'],
      [123.456, 17, '123.456'],
      [392.50512, 6, '392.505'],
    ];
    for (const [x, p, s] of cases) expect(formatG(x, p), `${x} %.${p}g`).toBe(s);
  });

  it("writes 6 digits as C++'s default ostream (LightGBM's sigmoid:)", () => {
    const cases: [number, string][] = [
      [1, '1'], [0.5, '0.5'], [2.5, '2.5'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [123456, '123456'],
      [1234567, '1.23457e+06'], [1 / 3, '0.333333'], [-0.7, '-0.7'], [100, '100'], [1e21, '1e+21'], [0.000123456789, '0.000123457'],
    ];
    for (const [v, s] of cases) expect(formatG(v, 6), String(v)).toBe(s);
  });

  it('writes 17 digits as setprecision(17) (LightGBM feature_infos)', () => {
    expect(formatG(0.1, 17)).toBe('0.10000000000000001');
    expect(formatG(48, 17)).toBe('48');
    expect(formatG(2.5000000000000004, 17)).toBe('2.5000000000000004');
    expect(formatG(1e16, 17)).toBe('10000000000000000');
  });

  it('rounds exact decimal ties to even where toExponential / toPrecision round them up', () => {
    expect(formatG(2 ** -10, 6)).toBe('0.000976562'); // 0.0009765625
    expect(formatG(100000000000000.125, 17)).toBe('100000000000000.12');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(1234565, 6)).toBe('1.23456e+06');
  });

  it('matches printf on random doubles and precisions', () => {
    const cases: [number, number, string][] = [
      [4.39678194249864e19, 6, '4.39678e+19'],
      [374.3994140625, 3, '374'],
      [6.129779704162924e126, 17, '6.1297797041629241e+126'],
      [661.0, 1, '7e+02'],
      [-5.021937879298463e21, 15, '-5.02193787929846e+21'],
      [2.019073486328125, 10, '2.019073486'],
      [6.891038163882486e213, 15, '6.89103816388249e+213'],
      [137.5414, 1, '1e+02'],
      [-7.202366320400091e19, 6, '-7.20237e+19'],
      [0.6036643981933594, 17, '0.60366439819335938'],
      [8.892635184914154e280, 6, '8.89264e+280'],
      [331.0, 2, '3.3e+02'],
      [-3.8160094008334954e-26, 17, '-3.8160094008334954e-26'],
      [15.036422729492188, 3, '15'],
      [813.38, 1, '8e+02'],
      [-134435.871657836, 1, '-1e+05'],
      [1.96430594162538e-14, 10, '1.964305942e-14'],
      [580.0, 15, '580'],
      [-52210.68692641024, 6, '-52210.7'],
      [6.28537299525521e-144, 2, '6.3e-144'],
      [786.5, 17, '786.5'],
    ];
    for (const [x, p, s] of cases) expect(formatG(x, p), `${x} %.${p}g`).toBe(s);
  });
});
