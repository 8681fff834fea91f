import { html, type Html } from './html';

const NAV: [string, string][] = [
  ['/console', 'Overview'],
  ['/console/quarantine', 'Quarantine'],
  ['/console/dead-letters', 'Dead letters'],
  ['/console/agreements', 'Agreements'],
  ['/console/subjects', 'Subject'],
  ['/console/deadlines', 'Deadlines'],
  ['/console/responsibility', 'Responsibility'],
  ['/console/mi', 'Management information'],
  ['/console/mappa', 'MAPPA'],
  ['/console/audit', 'Audit'],
];

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#0b0c0c;background:#fff;line-height:1.4}
header{background:#0b0c0c;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}
nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0;flex-wrap:wrap}
nav a[aria-current=page]{font-weight:bold;text-decoration:underline 3px}
main{padding:1rem 1.5rem;max-width:72rem}
a{color:#1d70b8}a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #fd0;outline-offset:0}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;min-width:24rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.3rem .6rem;text-align:left;vertical-align:top}
.chart .bar{fill:#1d70b8}.chart text{font-size:13px;fill:#0b0c0c}
.empty{color:#505a5f}
.tiles{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}
.tiles li{border:1px solid #b1b4b6;padding:.6rem 1rem;min-width:9rem}.tiles strong{display:block;font-size:1.6rem}
label{display:block;font-weight:bold;margin:.6rem 0 .2rem}
input,textarea,select{font:inherit;padding:.3rem;border:2px solid #0b0c0c;max-width:40rem;width:100%}
button,a.button{font:inherit;background:#00703c;color:#fff;border:0;padding:.5rem 1rem;margin-top:.6rem;cursor:pointer;display:inline-block;text-decoration:none}
.warning{border-left:5px solid #d4351c;padding:.4rem .8rem;background:#fef7f7}
.notice{border-left:5px solid #1d70b8;padding:.4rem .8rem;background:#f3f8fc}
pre{background:#f3f2f1;padding:.6rem;overflow:auto;max-width:70rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fd0;color:#0b0c0c;padding:.4rem}
`;

/** The session's CSRF token as a hidden field: every console POST form carries one. */
export function csrfField(csrfToken: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrfToken}" />`;
}

/** Every console page: a skip link, one h1, the navigation with the current page marked. */
export function page(title: string, current: string, who: string | null, body: Html, csrfToken = ''): Html {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Information-sharing hub console</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <strong>Information-sharing hub</strong>
          ${
            who
              ? html`<nav aria-label="Console">
                    <ul>
                      ${NAV.map(([href, label]) => html`<li><a href="${href}" ${href === current ? html` aria-current="page"` : html``}>${label}</a></li>`)}
                    </ul>
                  </nav>
                  <span>Signed in as ${who}</span>
                  <form method="post" action="/console/sign-out">
                    ${csrfField(csrfToken)}<button type="submit">Sign out</button>
                  </form>`
              : html``
          }
        </header>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
