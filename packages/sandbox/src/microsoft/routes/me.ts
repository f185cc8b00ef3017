import type { GraphDeps } from '../deps.js';
import { graphApp } from '../http.js';
import type { StoredUser } from '../model.js';

/** Renders a user as `/me` does. */
export function renderUser(user: StoredUser): Record<string, unknown> {
  const [givenName = '', surname = ''] = user.displayName.split(' ');
  return {
    id: user.id,
    displayName: user.displayName,
    givenName,
    surname,
    mail: user.email,
    userPrincipalName: user.email,
    preferredLanguage: 'en-US',
    jobTitle: null,
    mobilePhone: null,
    officeLocation: null,
    businessPhones: [],
  };
}

/** `GET /me` and `GET /users/{id|upn}` (the scope's root). */
export function meRoutes(deps: GraphDeps) {
  const app = graphApp(deps);
  app.get('/', (c) =>
    c.json({
      '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#users/$entity`,
      ...renderUser(c.get('target')),
    }),
  );
  return app;
}
