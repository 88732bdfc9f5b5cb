// Colours used in code (canvas). The CSS uses the same values as custom properties.

/** Okabe–Ito, colour-blind safe; index = Agency.colour (0..7). Black replaced by a dark grey. */
export const AGENCY_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#4D4D4D'];

export function agencyColour(index: number): string {
  return AGENCY_COLOURS[((index % 8) + 8) % 8];
}

export const SEVERITY_COLOURS: Record<string, string> = { high: '#C62828', medium: '#A35F00', low: '#5C6B7A' };
export const SEVERITY_LABELS: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export const INK = '#1B2A3A';
export const MUTED = '#5B6B7C';
export const GRID = '#E3E8EE';
export const LANE_ALT = '#F6F8FA';
export const ACCENT = '#1F6FB2';
