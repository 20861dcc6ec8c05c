/**
 * The admin console over real HTTP: FORM login, roles, CSRF, escaping, kick and ban.
 */
package io.herald.it.admin;
