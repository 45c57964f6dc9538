import { defineSurface } from '../route.js';
import { connectToken } from './connectToken.js';

/** `/connect/token`: Hub-style OAuth2 client credentials (spec §2); the only surface taking form bodies. */
export const oauthSurface = defineSurface({
  name: 'oauth',
  description: 'OAuth2 client credentials grant, issuing the same tokens as GetToken.',
  methods: [connectToken],
  formBodies: true,
});
