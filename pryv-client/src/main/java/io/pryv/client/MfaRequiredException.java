package io.pryv.client;

/**
 * A login succeeded with the password but the account has multi-factor
 * authentication: the platform answered an {@code mfaToken} instead of an access
 * token. Continue with {@link PryvService#mfaChallenge(String, String)} and
 * {@link PryvService#mfaVerify(String, String, String)}.
 * <p>
 * The MFA token is available from {@link #getMfaToken()} but is never part of the
 * message.
 */
public class MfaRequiredException extends PryvException {

	private static final long serialVersionUID = 1L;

	private final String username;

	private final transient String mfaToken;

	public MfaRequiredException(String username, String mfaToken) {
		super("Login of '" + username + "' needs multi-factor authentication: call mfaChallenge then mfaVerify "
				+ "with the MFA token of this exception", null);
		this.username = username;
		this.mfaToken = mfaToken;
	}

	/** @return the user who logged in */
	public String getUsername() {
		return this.username;
	}

	/** @return the MFA token to send to {@code mfa/challenge} and {@code mfa/verify} */
	public String getMfaToken() {
		return this.mfaToken;
	}

}
