// The catalogue's public pages: plain HTML, every value escaped, no script, style or outside asset.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Sent with every catalogue page: nothing but the page itself may load. */
export const PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
${body}
</body>
</html>
`;
