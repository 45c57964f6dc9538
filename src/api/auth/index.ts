import { defineSurface } from '../route.js';
import { getToken } from './getToken.js';

/** `/Api/Auth/*`: access tokens for API clients (spec §2). */
export const authSurface = defineSurface({
  name: 'auth',
  description: 'Access tokens for API clients.',
  methods: [getToken],
});
