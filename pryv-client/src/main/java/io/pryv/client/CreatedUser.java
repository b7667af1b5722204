package io.pryv.client;

/**
 * A user created on a platform's register ({@code POST <register>users}).
 *
 * @param username the new user's name
 * @param apiEndpoint the endpoint with the user's personal token (masked in {@code toString()})
 */
public record CreatedUser(String username, ApiEndpoint apiEndpoint) {
}
