package dev.arca.sdk;

import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.api.Pki;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link PkiOperations} without blocking ({@code /v1/vaults/{vault}/pki/…}): the same requests, answers and
 * exceptions, in a future. Reached by {@link AsyncArcaClient#pki()}; immutable.
 */
public final class AsyncPkiOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;
    private final PkiTargets targets;

    AsyncPkiOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new PkiTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncPkiOperations withVault(String vault) {
        return new AsyncPkiOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/pki/issuers/root}: as {@link PkiOperations#generateRoot}. */
    public CompletableFuture<Pki.Issuer> generateRoot(Pki.GenerateRoot request) {
        return transport.callAsync("POST", targets.at("issuers", "root"), request, Pki.Issuer.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/issuers/intermediate}: as {@link PkiOperations#generateIntermediate}. */
    public CompletableFuture<Pki.IntermediateRequest> generateIntermediate(Pki.GenerateIntermediate request) {
        return transport.callAsync("POST", targets.at("issuers", "intermediate"), request,
                Pki.IntermediateRequest.class);
    }

    /** {@code POST …/pki/issuers/{issuer}/sign-intermediate}: as {@link PkiOperations#signIntermediate}. */
    public CompletableFuture<Pki.Issued> signIntermediate(String issuer, Pki.SignIntermediate request) {
        return transport.callAsync("POST", targets.issuer(issuer, "sign-intermediate"), request, Pki.Issued.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/issuers/{issuer}/signed}: as {@link PkiOperations#setSigned}. */
    public CompletableFuture<Pki.Issuer> setSigned(String issuer, String certificate) {
        return transport.callAsync("POST", targets.issuer(issuer, "signed"), new Pki.SetSigned(certificate),
                Pki.Issuer.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/issuers/import}: as {@link PkiOperations#importIssuer}. */
    public CompletableFuture<Pki.Issuer> importIssuer(Pki.Import request) {
        return transport.callAsync("POST", targets.at("issuers", "import"), request, Pki.Issuer.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/issuers}: as {@link PkiOperations#listIssuers}. */
    public CompletableFuture<Page<Pki.Issuer>> listIssuers() {
        return transport.callAsync("GET", targets.at("issuers"), null, PkiOperations.ISSUERS);
    }

    /** {@code GET /v1/vaults/{vault}/pki/issuers/{issuer}}: as {@link PkiOperations#getIssuer}. */
    public CompletableFuture<Pki.Issuer> getIssuer(String issuer) {
        return transport.callAsync("GET", targets.issuer(issuer), null, Pki.Issuer.class);
    }

    /** {@code PATCH /v1/vaults/{vault}/pki/issuers/{issuer}}: as {@link PkiOperations#updateIssuer}. */
    public CompletableFuture<Pki.Issuer> updateIssuer(String issuer, Pki.UpdateIssuer update) {
        return transport.callAsync("PATCH", targets.issuer(issuer), update, Pki.Issuer.class);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/issuers/{issuer}}: as {@link PkiOperations#deleteIssuer}. */
    public CompletableFuture<Void> deleteIssuer(String issuer) {
        return transport.callAsync("DELETE", targets.issuer(issuer), null);
    }

    /** {@code GET /v1/vaults/{vault}/pki/issuers/{issuer}/export}: as {@link PkiOperations#exportIssuerKey}. */
    public CompletableFuture<Pki.IssuerKey> exportIssuerKey(String issuer) {
        return transport.callAsync("GET", targets.issuer(issuer, "export"), null, Pki.IssuerKey.class);
    }

    /** {@code PUT /v1/vaults/{vault}/pki/roles/{role}}: as {@link PkiOperations#putRole}. */
    public CompletableFuture<Pki.Role> putRole(String role, Pki.RoleWrite write) {
        return transport.callAsync("PUT", targets.role(role), write, Pki.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/roles/{role}}: as {@link PkiOperations#getRole}. */
    public CompletableFuture<Pki.Role> getRole(String role) {
        return transport.callAsync("GET", targets.role(role), null, Pki.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/roles}: as {@link PkiOperations#listRoles}. */
    public CompletableFuture<Page<Pki.Role>> listRoles() {
        return transport.callAsync("GET", targets.at("roles"), null, PkiOperations.ROLES);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/roles/{role}}: as {@link PkiOperations#deleteRole}. */
    public CompletableFuture<Void> deleteRole(String role) {
        return transport.callAsync("DELETE", targets.role(role), null);
    }

    /** {@code POST /v1/vaults/{vault}/pki/issue/{role}}: as {@link PkiOperations#issue}. */
    public CompletableFuture<Pki.Issued> issue(String role, Pki.Issue request) {
        return transport.callAsync("POST", targets.againstRole("issue", role), request, Pki.Issued.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/sign/{role}}: as {@link PkiOperations#sign}. */
    public CompletableFuture<Pki.Issued> sign(String role, Pki.Sign request) {
        return transport.callAsync("POST", targets.againstRole("sign", role), request, Pki.Issued.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/certs}: as {@link PkiOperations#listCertificates}. */
    public CompletableFuture<Page<Pki.CertificateSummary>> listCertificates() {
        return listCertificates(false, null, null);
    }

    /** {@code GET /v1/vaults/{vault}/pki/certs?revoked=&limit=&cursor=}: as {@link PkiOperations#listCertificates}. */
    public CompletableFuture<Page<Pki.CertificateSummary>> listCertificates(boolean revokedOnly,
            @Nullable Integer limit, @Nullable String cursor) {
        return transport.callAsync("GET", targets.certificates(revokedOnly, limit, cursor), null,
                PkiOperations.CERTIFICATES);
    }

    /** {@code GET /v1/vaults/{vault}/pki/certs/{serial}}: as {@link PkiOperations#getCertificate}. */
    public CompletableFuture<Pki.Certificate> getCertificate(String serial) {
        return transport.callAsync("GET", targets.certificate(serial), null, Pki.Certificate.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/revoke}: as {@link PkiOperations#revoke}. */
    public CompletableFuture<Pki.Revoked> revoke(Pki.Revoke request) {
        return transport.callAsync("POST", targets.at("revoke"), request, Pki.Revoked.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/revoke}: as {@link PkiOperations#revoke}. */
    public CompletableFuture<Pki.Revoked> revoke(String serial) {
        return revoke(Pki.Revoke.serial(serial));
    }

    /** {@code POST /v1/vaults/{vault}/pki/tidy}: as {@link PkiOperations#tidy}. */
    public CompletableFuture<Pki.Tidied> tidy(Pki.Tidy request) {
        return transport.callAsync("POST", targets.at("tidy"), request, Pki.Tidied.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/config/crl}: as {@link PkiOperations#crlConfig}. */
    public CompletableFuture<Pki.CrlConfig> crlConfig() {
        return transport.callAsync("GET", targets.at("config", "crl"), null, Pki.CrlConfig.class);
    }

    /** {@code PUT /v1/vaults/{vault}/pki/config/crl}: as {@link PkiOperations#updateCrlConfig}. */
    public CompletableFuture<Pki.CrlConfig> updateCrlConfig(Pki.CrlConfigWrite write) {
        return transport.callAsync("PUT", targets.at("config", "crl"), write, Pki.CrlConfig.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/crl/rotate}: as {@link PkiOperations#rotateCrl}. */
    public CompletableFuture<List<Pki.CrlBuilt>> rotateCrl() {
        return transport.callAsync("POST", targets.at("crl", "rotate"), null, PkiOperations.CRLS);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs/generate}: as {@link PkiOperations#generateCsr}. */
    public CompletableFuture<Pki.Csr> generateCsr(Pki.GenerateCsr request) {
        return transport.callAsync("POST", targets.at("csrs", "generate"), request, Pki.Csr.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs}: as {@link PkiOperations#importCsr}. */
    public CompletableFuture<Pki.Csr> importCsr(Pki.ImportCsr request) {
        return transport.callAsync("POST", targets.at("csrs"), request, Pki.Csr.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/csrs?state=}: as {@link PkiOperations#listCsrs}. */
    public CompletableFuture<Page<Pki.Csr>> listCsrs(@Nullable String state) {
        return transport.callAsync("GET", targets.at("csrs").query("state", state), null, PkiOperations.CSRS);
    }

    /** {@code GET /v1/vaults/{vault}/pki/csrs/{id}}: as {@link PkiOperations#getCsr}. */
    public CompletableFuture<Pki.Csr> getCsr(String id) {
        return transport.callAsync("GET", targets.csr(id), null, Pki.Csr.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs/{id}/approve}: as {@link PkiOperations#approveCsr}. */
    public CompletableFuture<Pki.Csr> approveCsr(String id, Pki.Decision decision) {
        return transport.callAsync("POST", targets.csr(id, "approve"), decision, Pki.Csr.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs/{id}/reject}: as {@link PkiOperations#rejectCsr}. */
    public CompletableFuture<Pki.Csr> rejectCsr(String id, Pki.Decision decision) {
        return transport.callAsync("POST", targets.csr(id, "reject"), decision, Pki.Csr.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/csrs/{id}/sign}: as {@link PkiOperations#signCsr}. */
    public CompletableFuture<Pki.Issued> signCsr(String id, Pki.SignCsr request) {
        return transport.callAsync("POST", targets.csr(id, "sign"), request, Pki.Issued.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/csrs/{id}/key}: as {@link PkiOperations#csrKey}. */
    public CompletableFuture<Pki.CsrKey> csrKey(String id) {
        return transport.callAsync("GET", targets.csr(id, "key"), null, Pki.CsrKey.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/validate}: as {@link PkiOperations#validate}. */
    public CompletableFuture<Pki.Validation> validate(Pki.Validate request) {
        return transport.callAsync("POST", targets.at("validate"), request, Pki.Validation.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/config/acme}: as {@link PkiOperations#acmeConfig}. */
    public CompletableFuture<Acme.ServerConfig> acmeConfig() {
        return transport.callAsync("GET", targets.at("config", "acme"), null, Acme.ServerConfig.class);
    }

    /** {@code PUT /v1/vaults/{vault}/pki/config/acme}: as {@link PkiOperations#configureAcme}. */
    public CompletableFuture<Acme.ServerConfig> configureAcme(Acme.ServerConfigWrite write) {
        return transport.callAsync("PUT", targets.at("config", "acme"), Objects.requireNonNull(write, "write"),
                Acme.ServerConfig.class);
    }

    /** {@code POST /v1/vaults/{vault}/pki/eab}: as {@link PkiOperations#createEabKey}. */
    public CompletableFuture<Acme.EabKey> createEabKey(@Nullable String comment) {
        return transport.callAsync("POST", targets.at("eab"), new Acme.EabCreate(comment), Acme.EabKey.class);
    }

    /** {@code GET /v1/vaults/{vault}/pki/eab}: as {@link PkiOperations#eabKeys}. */
    public CompletableFuture<Page<Acme.EabKey>> eabKeys() {
        return transport.callAsync("GET", targets.at("eab"), null, PkiOperations.EAB_KEYS);
    }

    /** {@code DELETE /v1/vaults/{vault}/pki/eab/{id}}: as {@link PkiOperations#deleteEabKey}. */
    public CompletableFuture<Void> deleteEabKey(String id) {
        return transport.callAsync("DELETE", targets.eabKey(id), null);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca/pem}: as {@link PkiOperations#caPem}. */
    public CompletableFuture<String> caPem(@Nullable String issuer) {
        return transport.callBytesAsync(targets.ca(issuer, true), PkiTargets.PEM)
                .thenApply(PkiOperations::text);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca}: as {@link PkiOperations#caDer}. */
    public CompletableFuture<byte[]> caDer(@Nullable String issuer) {
        return transport.callBytesAsync(targets.ca(issuer, false), PkiTargets.DER_CERTIFICATE);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/ca_chain}: as {@link PkiOperations#caChainPem}. */
    public CompletableFuture<String> caChainPem(@Nullable String issuer) {
        return transport.callBytesAsync(targets.caChain(issuer), PkiTargets.PEM)
                .thenApply(PkiOperations::text);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/crl[/delta]}: as {@link PkiOperations#crlDer}. */
    public CompletableFuture<byte[]> crlDer(@Nullable String issuer, boolean delta) {
        return transport.callBytesAsync(targets.crl(issuer, delta, false), PkiTargets.DER_CRL);
    }

    /** {@code GET /v1/vaults/{vault}/pki[/issuers/{issuer}]/crl[/delta]/pem}: as {@link PkiOperations#crlPem}. */
    public CompletableFuture<String> crlPem(@Nullable String issuer, boolean delta) {
        return transport.callBytesAsync(targets.crl(issuer, delta, true), PkiTargets.PEM)
                .thenApply(PkiOperations::text);
    }

    @Override
    public String toString() {
        return "AsyncPkiOperations[vault=" + vault + "]";
    }
}
