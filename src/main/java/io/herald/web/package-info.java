/**
 * The public HTTP surface: the stream ({@code /events}, its async writer and the admin
 * dashboard's internal stream), publishing and history ({@code /api/messages}, with bodies read
 * without holding a thread), tickets, presence, announcements, {@code /api/me}, CORS, health and
 * metrics. Errors are JSON {@code {"error","detail"}} through {@code http}. It may use
 * {@code http}, {@code access}, {@code announce}, {@code cluster}, {@code hub}, {@code store} and
 * {@code protocol}; never {@code admin} or {@code config}, which builds its servlets and hands them
 * their collaborators and settings.
 */
package io.herald.web;
