package io.pryv.client;

import org.jspecify.annotations.Nullable;

/**
 * One answer of the auth request endpoint, typed by its {@link AuthStatus}.
 * Fields that the status does not carry are {@code null} (or 0).
 * <p>
 * {@link #toString()} masks the token of {@link #apiEndpoint()}.
 *
 * @param status the status
 * @param key the request's key (NEED_SIGNIN)
 * @param authUrl the consent page to send the user to (NEED_SIGNIN)
 * @param pollUrl the URL to poll (NEED_SIGNIN, REDIRECTED)
 * @param pollRateMs the poll rate the platform asks for, in ms (NEED_SIGNIN)
 * @param username the user who accepted (ACCEPTED)
 * @param apiEndpoint the endpoint with the granted token (ACCEPTED)
 * @param reasonId why it was refused or failed (REFUSED, ERROR)
 * @param message the platform's message (REFUSED, ERROR)
 */
public record AuthResponse(AuthStatus status, @Nullable String key, @Nullable String authUrl,
		@Nullable String pollUrl, long pollRateMs, @Nullable String username, @Nullable ApiEndpoint apiEndpoint,
		@Nullable String reasonId, @Nullable String message) {
}
