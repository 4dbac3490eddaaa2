package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.api.Pki;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The PKI engine of one vault ({@code /v1/vaults/{vault}/pki/…}, {@code docs/API-pki.md}): issuers (CAs), roles,
 * certificates issued and signed against a role, CSRs awaiting approval, validation, revocation, CRLs, and the ACME
 * server in front of the vault's CA (its records are {@link Acme}'s). Requests are the records of {@link Pki}, most
 * with a builder:
 *
 * <pre>{@code
 * var pki = client.pki();
 * pki.generateRoot(Pki.GenerateRoot.builder("root", "Example Root").ttl(Duration.ofDays(3650)).build());
 * pki.putRole("web", Pki.RoleWrite.builder().allowedDomains(List.of("example.com")).allowSubdomains(true).build());
 * Pki.Issued leaf = pki.issue("web", Pki.Issue.builder("www.example.com").ttl(Duration.ofHours(24)).build());
 * }</pre>
 *
 * <p>No answer carries a CA's key but {@link #exportIssuerKey} of an issuer created exportable; an issued private key
 * comes back as a {@link dev.arca.api.SecretText}. Reached by {@link ArcaClient#pki()}; immutable.
 */
public final class PkiOperations {
    static final TypeReference<Page<Pki.Issuer>> ISSUERS = new TypeReference<>() {};
    static final TypeReference<Page<Pki.Role>> ROLES = new TypeReference<>() {};
    static final TypeReference<Page<Pki.CertificateSummary>> CERTIFICATES = new TypeReference<>() {};
    static final TypeReference<Page<Pki.Csr>> CSRS = new TypeReference<>() {};
    static final TypeReference<List<Pki.CrlBuilt>> CRLS = new TypeReference<>() {};
    static final TypeReference<Page<Acme.EabKey>> EAB_KEYS = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;
    private final PkiTargets targets;

    PkiOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new PkiTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public PkiOperations withVault(String vault) {
        return new PkiOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    // Issuers

    /**
     * {@code POST /v1/vaults/{vault}/pki/issuers/root}: a self-signed CA whose key is made in the vault; the vault's
     * default issuer when it has none.
     *
     * @throws ConflictException if an issuer of that name exists
     */
    public Pki.Issuer generateRoot(Pki.GenerateRoot request) {
        return transport.call("POST", targets.at("issuers", "root"), request, Pki.Issuer.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/issuers/intermediate}: a {@code pending} issuer whose key stays in the vault,
     * and its CSR, to sign with {@link #signIntermediate} or outside, then to set with {@link #setSigned}.
     */
    public Pki.IntermediateRequest generateIntermediate(Pki.GenerateIntermediate request) {
        return transport.call("POST", targets.at("issuers", "intermediate"), request, Pki.IntermediateRequest.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/issuers/{issuer}/sign-intermediate}: another CA's CSR signed by
     * {@code issuer} (a name or an {@code iss_…} id).
     */
    public Pki.Issued signIntermediate(String issuer, Pki.SignIntermediate request) {
        return transport.call("POST", targets.issuer(issuer, "sign-intermediate"), request, Pki.Issued.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/issuers/{issuer}/signed}: the pending issuer's signed certificate (PEM,
     * optionally followed by its chain); it becomes {@code active}.
     *
     * @throws ValidationException if the certificate is not for the pending key
     */
    public Pki.Issuer setSigned(String issuer, String certificate) {
        return transport.call("POST", targets.issuer(issuer, "signed"), new Pki.SetSigned(certificate),
                Pki.Issuer.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/issuers/import}: an outside CA, with its key to issue with or without one
     * ({@code external}) to validate against only.
     */
    public Pki.Issuer importIssuer(Pki.Import request) {
        return transport.call("POST", targets.at("issuers", "import"), request, Pki.Issuer.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/issuers}: the vault's issuers. */
    public Page<Pki.Issuer> listIssuers() {
        return transport.call("GET", targets.at("issuers"), null, ISSUERS);
    }

    /** {@code GET /v1/vaults/{vault}/pki/issuers/{issuer}}: one issuer, by name or {@code iss_…} id. */
    public Pki.Issuer getIssuer(String issuer) {
        return transport.call("GET", targets.issuer(issuer), null, Pki.Issuer.class);
    }

    /** {@code PATCH /v1/vaults/{vault}/pki/issuers/{issuer}}: its URLs, leaf not-after behaviour, or default. */
    public Pki.Issuer updateIssuer(String issuer, Pki.UpdateIssuer update) {
        return transport.call("PATCH", targets.issuer(issuer), update, Pki.Issuer.class);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/issuers/{issuer}}: the issuer goes and its key is destroyed. */
    public void deleteIssuer(String issuer) {
        transport.call("DELETE", targets.issuer(issuer), null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/pki/issuers/{issuer}/export}: the CA's private key, PEM PKCS#8.
     *
     * @throws AccessDeniedException unless the issuer was created exportable
     */
    public Pki.IssuerKey exportIssuerKey(String issuer) {
        return transport.call("GET", targets.issuer(issuer, "export"), null, Pki.IssuerKey.class);
    }

    // Roles, issuing and signing

    /** {@code PUT /v1/vaults/{vault}/pki/roles/{role}}: creates or replaces the whole role. */
    public Pki.Role putRole(String role, Pki.RoleWrite write) {
        return transport.call("PUT", targets.role(role), write, Pki.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/roles/{role}}. */
    public Pki.Role getRole(String role) {
        return transport.call("GET", targets.role(role), null, Pki.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/roles}. */
    public Page<Pki.Role> listRoles() {
        return transport.call("GET", targets.at("roles"), null, ROLES);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/roles/{role}}. */
    public void deleteRole(String role) {
        transport.call("DELETE", targets.role(role), null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/issue/{role}}: a key made in the vault and a certificate for it, with the
     * private key in the answer.
     *
     * @throws AccessDeniedException naming the name, when the role does not allow one asked for
     */
    public Pki.Issued issue(String role, Pki.Issue request) {
        return transport.call("POST", targets.againstRole("issue", role), request, Pki.Issued.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/sign/{role}}: a certificate for the key of a CSR; the key stays with the
     * caller.
     *
     * @throws ValidationException for a malformed CSR, one whose signature does not verify, or a key too small
     */
    public Pki.Issued sign(String role, Pki.Sign request) {
        return transport.call("POST", targets.againstRole("sign", role), request, Pki.Issued.class);
    }

    // Certificates and revocation

    /** {@code GET /v1/vaults/{vault}/pki/certs}: the first page of stored certificates. */
    public Page<Pki.CertificateSummary> listCertificates() {
        return listCertificates(false, null, null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/pki/certs?revoked=&limit=&cursor=}: one page of stored certificates.
     *
     * @param revokedOnly only revoked ones
     * @param limit the page size; null lets the server choose
     * @param cursor the {@link Page#cursor()} of the previous page; null for the first
     */
    public Page<Pki.CertificateSummary> listCertificates(boolean revokedOnly, @Nullable Integer limit,
            @Nullable String cursor) {
        return transport.call("GET", targets.certificates(revokedOnly, limit, cursor), null, CERTIFICATES);
    }

    /** {@code GET /v1/vaults/{vault}/pki/certs/{serial}}: a stored certificate, by colon or plain hex serial. */
    public Pki.Certificate getCertificate(String serial) {
        return transport.call("GET", targets.certificate(serial), null, Pki.Certificate.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/revoke}: revokes by serial ({@link Pki.Revoke#serial}) or by presenting the
     * certificate ({@link Pki.Revoke#certificate}); revoking again answers the first revocation.
     *
     * @throws NotFoundException for a serial the vault never issued
     */
    public Pki.Revoked revoke(Pki.Revoke request) {
        return transport.call("POST", targets.at("revoke"), request, Pki.Revoked.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/revoke}: revokes the certificate with this serial, reason unspecified. */
    public Pki.Revoked revoke(String serial) {
        return revoke(Pki.Revoke.serial(serial));
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/tidy}: removes stored certificates and revocation entries expired longer
     * than the safety buffer ago; {@link Pki.Tidy#defaults()} for the server's defaults.
     */
    public Pki.Tidied tidy(Pki.Tidy request) {
        return transport.call("POST", targets.at("tidy"), request, Pki.Tidied.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/config/crl}: how CRLs are built. */
    public Pki.CrlConfig crlConfig() {
        return transport.call("GET", targets.at("config", "crl"), null, Pki.CrlConfig.class);
    }

    /** {@code PUT /v1/vaults/{vault}/pki/config/crl}: a part left out keeps its value. */
    public Pki.CrlConfig updateCrlConfig(Pki.CrlConfigWrite write) {
        return transport.call("PUT", targets.at("config", "crl"), write, Pki.CrlConfig.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/crl/rotate}: builds the full CRL of every issuer now. */
    public List<Pki.CrlBuilt> rotateCrl() {
        return transport.call("POST", targets.at("crl", "rotate"), null, CRLS);
    }

    // CSRs

    /**
     * {@code POST /v1/vaults/{vault}/pki/csrs/generate}: a key made (and kept) in the vault and a CSR for it, already
     * {@code approved}.
     */
    public Pki.Csr generateCsr(Pki.GenerateCsr request) {
        return transport.call("POST", targets.at("csrs", "generate"), request, Pki.Csr.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/csrs}: an outside CSR, {@code pending} until a principal other than the
     * caller approves it.
     */
    public Pki.Csr importCsr(Pki.ImportCsr request) {
        return transport.call("POST", targets.at("csrs"), request, Pki.Csr.class);
    }

    /**
     * {@code GET /v1/vaults/{vault}/pki/csrs?state=}: the vault's CSRs.
     *
     * @param state {@code pending}, {@code approved}, {@code rejected} or {@code signed}; null for all
     */
    public Page<Pki.Csr> listCsrs(@Nullable String state) {
        return transport.call("GET", targets.at("csrs").query("state", state), null, CSRS);
    }

    /** {@code GET /v1/vaults/{vault}/pki/csrs/{id}}. */
    public Pki.Csr getCsr(String id) {
        return transport.call("GET", targets.csr(id), null, Pki.Csr.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/csrs/{id}/approve}: needs {@code pki:approve}.
     *
     * @throws AccessDeniedException for the caller's own CSR (separation of duties)
     * @throws ConflictException unless it is {@code pending}
     */
    public Pki.Csr approveCsr(String id, Pki.Decision decision) {
        return transport.call("POST", targets.csr(id, "approve"), decision, Pki.Csr.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs/{id}/reject}: as {@link #approveCsr}, the other way. */
    public Pki.Csr rejectCsr(String id, Pki.Decision decision) {
        return transport.call("POST", targets.csr(id, "reject"), decision, Pki.Csr.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/csrs/{id}/sign}: an approved CSR signed into an end-entity certificate.
     *
     * @throws ConflictException unless it is {@code approved}
     */
    public Pki.Issued signCsr(String id, Pki.SignCsr request) {
        return transport.call("POST", targets.csr(id, "sign"), request, Pki.Issued.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/csrs/{id}/key}: the key of a CSR generated exportable. */
    public Pki.CsrKey csrKey(String id) {
        return transport.call("GET", targets.csr(id, "key"), null, Pki.CsrKey.class);
    }

    // Validation

    /**
     * {@code POST /v1/vaults/{vault}/pki/validate}: whether a certificate is valid with a chain, for a purpose and
     * host name, and not revoked; an invalid one is an answer ({@link Pki.Validation#errors()}), not an exception.
     */
    public Pki.Validation validate(Pki.Validate request) {
        return transport.call("POST", targets.at("validate"), request, Pki.Validation.class);
    }

    // The ACME server (RFC 8555) in front of the vault's CA

    /** {@code GET /v1/vaults/{vault}/pki/config/acme}: whether the directory answers, its rules and its URL. */
    public Acme.ServerConfig acmeConfig() {
        return transport.call("GET", targets.at("config", "acme"), null, Acme.ServerConfig.class);
    }

    /**
     * {@code PUT /v1/vaults/{vault}/pki/config/acme}: a part left out keeps its value;
     * {@link Acme.ServerConfigWrite#enable()} and {@link Acme.ServerConfigWrite#disable()} for the usual changes.
     * The answer's {@link Acme.ServerConfig#directory()} is the URL to give certbot ({@code --server}) or lego.
     */
    public Acme.ServerConfig configureAcme(Acme.ServerConfigWrite write) {
        return transport.call("PUT", targets.at("config", "acme"), Objects.requireNonNull(write, "write"),
                Acme.ServerConfig.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/pki/eab}: a new external account binding key (201). Its
     * {@link Acme.EabKey#key()} is in this answer only; it binds one ACME account and is then spent.
     *
     * @param comment what it is for, to find it again in {@link #eabKeys()}; may be null
     */
    public Acme.EabKey createEabKey(@Nullable String comment) {
        return transport.call("POST", targets.at("eab"), new Acme.EabCreate(comment), Acme.EabKey.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/eab}: the EAB keys, never their keys; a spent one names its account. */
    public Page<Acme.EabKey> eabKeys() {
        return transport.call("GET", targets.at("eab"), null, EAB_KEYS);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/eab/{id}}: the key can bind no account any more. */
    public void deleteEabKey(String id) {
        transport.call("DELETE", targets.eabKey(id), null);
    }

    // Served without authentication, also while the vault is sealed

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca/pem}: the issuer's certificate; null for the default. */
    public String caPem(@Nullable String issuer) {
        return text(transport.callBytes(targets.ca(issuer, true), PkiTargets.PEM));
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca}: the issuer's certificate, DER (null: the default). */
    public byte[] caDer(@Nullable String issuer) {
        return transport.callBytes(targets.ca(issuer, false), PkiTargets.DER_CERTIFICATE);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca_chain}: PEM, the issuer first; null for the default. */
    public String caChainPem(@Nullable String issuer) {
        return text(transport.callBytes(targets.caChain(issuer), PkiTargets.PEM));
    }

    /**
     * {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/crl[/delta]}: the latest full or delta CRL, DER.
     *
     * @param issuer a name or id; null for the default issuer
     */
    public byte[] crlDer(@Nullable String issuer, boolean delta) {
        return transport.callBytes(targets.crl(issuer, delta, false), PkiTargets.DER_CRL);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/crl[/delta]/pem}: as {@link #crlDer}, PEM. */
    public String crlPem(@Nullable String issuer, boolean delta) {
        return text(transport.callBytes(targets.crl(issuer, delta, true), PkiTargets.PEM));
    }

    /** PEM is ASCII text. */
    static String text(byte[] pem) {
        return new String(pem, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "PkiOperations[vault=" + vault + "]";
    }
}
