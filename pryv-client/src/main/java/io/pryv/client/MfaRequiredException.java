package io.pryv.client;

import org.jspecify.annotations.Nullable;

/**
 * A login succeeded with the password but the account has multi-factor
 * authentication: the platform answered an {@code mfaToken} instead of an access
 * token. Continue with {@link PryvService#mfaChallenge(String, String)} and
 * {@link PryvService#mfaVerify(String, String, String)}.
 * <p>
 * As lib-js's {@code MfaRequiredError}: its error id is {@value #ERROR_ID}
 * (or the one the platform sent), its status the login answer's, and
 * {@link #getMfaMethod()} tells which factor to prompt for when the platform says.
 * The MFA token is available from {@link #getMfaToken()} but is never part of the
 * message.
 */
public class MfaRequiredException extends PryvException {

	private static final long serialVersionUID = 1L;

	/** The error id of an MFA login: {@value}. */
	public static final String ERROR_ID = "mfa-required";

	private final String username;

	private final transient String mfaToken;

	private final @Nullable String errorId;

	private final @Nullable String mfaMethod;

	public MfaRequiredException(String username, String mfaToken) {
		this(username, mfaToken, 0, null, null);
	}

	/**
	 * @param username the user who logged in
	 * @param mfaToken the MFA token of the answer
	 * @param httpStatus the status of the login answer
	 * @param errorId the error id of the answer, or {@code null} for {@value #ERROR_ID}
	 * @param mfaMethod the factor the platform names ({@code mfaMethod}: {@code totp}, {@code sms}), or {@code null}
	 */
	public MfaRequiredException(String username, String mfaToken, int httpStatus, @Nullable String errorId,
			@Nullable String mfaMethod) {
		super("Login of '" + username + "' needs multi-factor authentication: call mfaChallenge then mfaVerify "
				+ "with the MFA token of this exception", null, httpStatus, "auth.login");
		this.username = username;
		this.mfaToken = mfaToken;
		this.errorId = (errorId == null || errorId.isBlank()) ? ERROR_ID : errorId;
		this.mfaMethod = mfaMethod;
	}

	/** @return the user who logged in */
	public String getUsername() {
		return this.username;
	}

	/** @return the MFA token to send to {@code mfa/challenge} and {@code mfa/verify} */
	public String getMfaToken() {
		return this.mfaToken;
	}

	/** @return {@value #ERROR_ID}, or the error id the platform sent with the MFA token */
	@Override
	public String getErrorId() {
		return this.errorId;
	}

	/** @return the factor to prompt for ({@code totp}, {@code sms}) when the platform says, else {@code null} */
	public @Nullable String getMfaMethod() {
		return this.mfaMethod;
	}

}
