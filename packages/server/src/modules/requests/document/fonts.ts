import fs from 'node:fs';

// Rendered requests embed DejaVu Sans (Debian `fonts-dejavu-core`): PDF's built-in Helvetica draws
// wrong glyphs for Polish, Greek, Cyrillic and the like (STACK.md gotcha 14). Nothing is vendored;
// `scripts/ensure-fonts.sh` installs the package, and without it rendering fails with this message.

const CANDIDATE_DIRS = [
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu
  '/usr/share/fonts/dejavu', // Fedora, Arch
  '/usr/share/fonts/TTF', // Arch (older)
  '/usr/local/share/fonts/dejavu',
  '/opt/homebrew/share/fonts/dejavu',
];

export interface DocumentFonts {
  regular: string;
  bold: string;
}

export class FontsMissingError extends Error {
  constructor(searched: readonly string[]) {
    super(
      `PDF rendering needs the DejaVu Sans TrueType fonts (DejaVuSans.ttf, DejaVuSans-Bold.ttf), searched in ${searched.join(', ')}. ` +
        'Install them with `sh scripts/ensure-fonts.sh` (Debian package fonts-dejavu-core).',
    );
    this.name = 'FontsMissingError';
  }
}

/** Finds the fonts once; throws FontsMissingError, naming where it looked and how to fix it. */
export function findDocumentFonts(dirs: readonly string[] = CANDIDATE_DIRS): DocumentFonts {
  for (const dir of dirs) {
    const regular = `${dir}/DejaVuSans.ttf`;
    const bold = `${dir}/DejaVuSans-Bold.ttf`;
    if (fs.existsSync(regular)) return { regular, bold: fs.existsSync(bold) ? bold : regular };
  }
  throw new FontsMissingError(dirs);
}
