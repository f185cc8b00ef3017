import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { CalsyncStrings } from '../core/strings.js';
import type { CredentialErrors, CredentialInput } from './credentials.js';

/** Where Apple users create app-specific passwords. */
export const APPLE_APP_PASSWORD_URL = 'https://appleid.apple.com/account/manage';

/** What the form template needs from its element. */
export interface CredentialFormView {
  provider: 'icloud' | 'caldav';
  strings: CalsyncStrings;
  errors: CredentialErrors;
  formError: string;
  busy: boolean;
  onSubmit: (input: CredentialInput) => void;
  onCancel: () => void;
}

function field(
  view: CredentialFormView,
  name: keyof CredentialInput,
  label: string,
  attributes: { type: string; autocomplete: string; placeholder?: string; hint?: TemplateResult },
): TemplateResult {
  const error = view.errors[name];
  const describedBy = [attributes.hint ? `${name}-hint` : '', error ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field">
    <label for=${name}>${label}</label>
    <input
      id=${name}
      name=${name}
      part="input"
      type=${attributes.type}
      autocomplete=${attributes.autocomplete}
      placeholder=${ifDefined(attributes.placeholder)}
      spellcheck="false"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy || undefined)}
      ?disabled=${view.busy}
    />
    ${
      attributes.hint
        ? html`<div class="hint" id="${name}-hint" part="hint">${attributes.hint}</div>`
        : nothing
    }
    ${error ? html`<div class="field-error" id="${name}-error">${error}</div>` : nothing}
  </div>`;
}

/** The iCloud / CalDAV credential form (validated by the element on submit). */
export function credentialForm(view: CredentialFormView): TemplateResult {
  const s = view.strings;
  const icloud = view.provider === 'icloud';
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    view.onSubmit({
      serverUrl: String(data.get('serverUrl') ?? ''),
      username: String(data.get('username') ?? ''),
      password: String(data.get('password') ?? ''),
    });
  };
  return html`<form class="card" part="form" novalidate @submit=${submit}>
    <h3>${s.connect(s.providerName[view.provider])}</h3>
    ${
      icloud
        ? nothing
        : field(view, 'serverUrl', s.serverUrl, {
            type: 'url',
            autocomplete: 'url',
            placeholder: 'https://',
            hint: html`${s.serverUrlHint}`,
          })
    }
    ${field(view, 'username', icloud ? s.usernameICloud : s.username, {
      type: icloud ? 'email' : 'text',
      autocomplete: 'username',
    })}
    ${field(view, 'password', icloud ? s.passwordICloud : s.password, {
      type: 'password',
      autocomplete: 'current-password',
      ...(icloud
        ? {
            placeholder: 'abcd-efgh-ijkl-mnop',
            hint: html`${s.appSpecificPasswordHint}
              <a href=${APPLE_APP_PASSWORD_URL} target="_blank" rel="noopener noreferrer"
                >${s.appSpecificPasswordLink}</a
              >.`,
          }
        : {}),
    })}
    ${
      view.formError
        ? html`<div class="form-error" role="alert" part="error">${view.formError}</div>`
        : nothing
    }
    <div class="actions">
      <button type="button" class="btn" @click=${view.onCancel} ?disabled=${view.busy}>
        ${s.cancel}
      </button>
      <button type="submit" class="btn btn--primary" part="submit" ?disabled=${view.busy}>
        ${view.busy ? html`<span class="spinner" aria-hidden="true"></span>${s.connecting}` : s.connect(s.providerName[view.provider])}
      </button>
    </div>
  </form>`;
}
