package io.pryv.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an app asks for when it starts an auth request (consent flow). Usually
 * built once from the application's properties; {@link #withPermissions},
 * {@link #withReturnUrl} and {@link #withClientData} make per-call copies.
 *
 * @param appId the requesting app id ({@code requestingAppId}), required
 * @param permissions the requested permissions (may be empty, never {@code null})
 * @param languageCode the language of the consent page, e.g. {@code en}, or {@code null}
 * @param returnUrl where the consent page sends the browser back, ending with
 * {@code ?}, {@code &} or {@code #} (the platform appends parameters), or {@code null}
 * @param clientData free data shown to or kept by the consent page (never {@code null})
 * @param referer the referer reported to the platform, or {@code null}
 * @param deviceName the device name of the access to create, or {@code null}
 * @param expireAfter how long the granted access lives, or {@code null} for the platform's default
 */
public record AuthRequest(String appId, List<RequestedPermission> permissions, @Nullable String languageCode,
		@Nullable String returnUrl, Map<String, Object> clientData, @Nullable String referer, @Nullable String deviceName,
		@Nullable Duration expireAfter) {

	/**
	 * @throws PryvClientException if the app id is missing, the return URL
	 * malformed or not ending with {@code ?}, {@code &} or {@code #}, or
	 * {@code expireAfter} not positive
	 */
	public AuthRequest {
		if (appId == null || appId.isBlank()) {
			throw new PryvClientException("An auth request needs an app id (requestingAppId), e.g. 'my-app'");
		}
		permissions = (permissions != null) ? List.copyOf(permissions) : List.of();
		clientData = (clientData != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(clientData)) : Map.of();
		if (returnUrl != null) {
			validateReturnUrl(returnUrl);
		}
		if (expireAfter != null && (expireAfter.isNegative() || expireAfter.isZero())) {
			throw new PryvClientException("The expireAfter of an auth request must be positive, not " + expireAfter);
		}
	}

	/**
	 * An auth request with only an app id and permissions.
	 * @param appId the requesting app id
	 * @param permissions the requested permissions
	 * @return the request
	 */
	public static AuthRequest of(String appId, List<RequestedPermission> permissions) {
		return new AuthRequest(appId, permissions, null, null, null, null, null, null);
	}

	private static void validateReturnUrl(String returnUrl) {
		URI uri;
		try {
			uri = new URI(returnUrl);
		}
		catch (URISyntaxException ex) {
			throw new PryvClientException("Invalid return URL '" + returnUrl + "': " + ex.getReason());
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
				|| uri.getHost() == null) {
			throw new PryvClientException("Invalid return URL '" + returnUrl
					+ "': expected an absolute http(s) URL such as https://app.example/login/return?");
		}
		if (!(returnUrl.endsWith("?") || returnUrl.endsWith("&") || returnUrl.endsWith("#"))) {
			throw new PryvClientException("Invalid return URL '" + returnUrl
					+ "': it must end with '?', '&' or '#' because the platform appends its parameters to it (e.g. "
					+ returnUrl + "?)");
		}
	}

	/**
	 * @param newPermissions the permissions to request instead
	 * @return a copy with other permissions
	 */
	public AuthRequest withPermissions(List<RequestedPermission> newPermissions) {
		return new AuthRequest(this.appId, newPermissions, this.languageCode, this.returnUrl, this.clientData,
				this.referer, this.deviceName, this.expireAfter);
	}

	/**
	 * @param newReturnUrl the return URL to use instead (validated)
	 * @return a copy with another return URL
	 */
	public AuthRequest withReturnUrl(String newReturnUrl) {
		return new AuthRequest(this.appId, this.permissions, this.languageCode, newReturnUrl, this.clientData,
				this.referer, this.deviceName, this.expireAfter);
	}

	/**
	 * @param newClientData the client data to send instead
	 * @return a copy with other client data
	 */
	public AuthRequest withClientData(Map<String, Object> newClientData) {
		return new AuthRequest(this.appId, this.permissions, this.languageCode, this.returnUrl, newClientData,
				this.referer, this.deviceName, this.expireAfter);
	}

	/**
	 * The body of {@code POST <access>}: {@code requestingAppId},
	 * {@code requestedPermissions}, and each optional field that is set
	 * ({@code expireAfter} in seconds).
	 * @return the body
	 */
	public Map<String, Object> toBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("requestingAppId", this.appId);
		List<Map<String, Object>> requested = new ArrayList<>(this.permissions.size());
		this.permissions.forEach((permission) -> requested.add(permission.toBody()));
		body.put("requestedPermissions", requested);
		putIfSet(body, "languageCode", this.languageCode);
		putIfSet(body, "returnURL", this.returnUrl);
		if (!this.clientData.isEmpty()) {
			body.put("clientData", this.clientData);
		}
		putIfSet(body, "referer", this.referer);
		putIfSet(body, "deviceName", this.deviceName);
		if (this.expireAfter != null) {
			body.put("expireAfter", this.expireAfter.toSeconds());
		}
		return body;
	}

	private static void putIfSet(Map<String, Object> body, String key, String value) {
		if (value != null && !value.isBlank()) {
			body.put(key, value);
		}
	}

}
