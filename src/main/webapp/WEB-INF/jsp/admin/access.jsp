<%@ include file="_top.jspf" %>
<c:if test="${not empty newKey}">
  <div class="notice" role="status">
    <p>The new API key (publishers send <code>Authorization: Bearer KEY</code>). It is shown only this once:</p>
    <pre class="frame" id="new-key"><c:out value="${newKey}"/></pre>
  </div>
</c:if>
<section class="panel">
  <h2>Who may subscribe</h2>
  <p class="muted">The most specific rule applies: one naming the channel, else the longest <code>prefix*</code>.
    Channels no rule names: <strong><c:out value="${defaultAccess}"/></strong> (setting <code>herald.access.default</code>).
    <code>user/NAME</code> channels are always private to user NAME. Tightening a rule closes the streams it shuts out.</p>
  <div class="table-wrap">
  <table class="data" id="rules">
    <thead><tr><th>Channels</th><th>Access</th><th>Presence</th><th>By</th><th>When</th><th>Actions</th></tr></thead>
    <tbody>
    <c:forEach items="${rules}" var="r">
      <tr>
        <td><code><c:out value="${r.pattern()}"/></code></td>
        <td><c:out value="${r.access()}"/></td>
        <td><c:out value="${r.presence() ? 'join / leave' : '–'}"/></td>
        <td><c:out value="${r.createdBy()}"/></td>
        <td class="nowrap"><c:out value="${r.createdAt()}"/></td>
        <td><form method="post" action="<c:url value='/admin/access/rules/remove'/>" class="inline">
          <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}"><input type="hidden" name="id" value="${r.id()}">
          <button type="submit" class="small secondary">Remove</button></form></td>
      </tr>
    </c:forEach>
    <c:if test="${empty rules}"><tr class="empty"><td colspan="6">No rules: every channel is <c:out value="${defaultAccess}"/>.</td></tr></c:if>
    </tbody>
  </table>
  </div>
  <form method="post" action="<c:url value='/admin/access/rules'/>" class="form inline-fields" id="rule-form">
    <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
    <label>Channel or prefix* <input name="pattern" required maxlength="129" placeholder="orders/*"></label>
    <label>Access
      <select name="access">
        <option value="public">public</option>
        <option value="authenticated" selected>authenticated</option>
        <option value="role">role…</option>
      </select></label>
    <label>Role (for role…) <input name="role" maxlength="190" placeholder="sales"></label>
    <label class="check"><input type="checkbox" name="presence"> presence</label>
    <button type="submit" class="primary">Save rule</button>
  </form>
</section>
<section class="panel">
  <h2>API keys (publishing)</h2>
  <p class="muted">Applications publish with an API key or with the HTTP Basic credentials of a user with role
    <code>herald-publisher</code>. Only a hash of each key is stored.</p>
  <div class="table-wrap">
  <table class="data" id="keys">
    <thead><tr><th>Name</th><th>Key starts</th><th>Created</th><th>Last used</th><th>State</th><th>Actions</th></tr></thead>
    <tbody>
    <c:forEach items="${keys}" var="k">
      <tr>
        <td><c:out value="${k.name()}"/></td>
        <td><code><c:out value="${k.prefix()}"/>…</code></td>
        <td class="nowrap"><c:out value="${k.createdAt()}"/> by <c:out value="${k.createdBy()}"/></td>
        <td class="nowrap"><c:out value="${k.lastUsed()}"/></td>
        <td><c:out value="${empty k.revoked() ? 'in force' : 'revoked '.concat(k.revoked())}"/></td>
        <td><c:if test="${empty k.revoked()}"><form method="post" action="<c:url value='/admin/access/keys/revoke'/>" class="inline">
          <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}"><input type="hidden" name="id" value="${k.id()}">
          <button type="submit" class="small danger">Revoke</button></form></c:if></td>
      </tr>
    </c:forEach>
    <c:if test="${empty keys}"><tr class="empty"><td colspan="6">No API keys.</td></tr></c:if>
    </tbody>
  </table>
  </div>
  <form method="post" action="<c:url value='/admin/access/keys'/>" class="form inline-fields">
    <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
    <label>Name <input name="name" required maxlength="200" placeholder="payroll system"></label>
    <button type="submit" class="primary">Create key</button>
  </form>
</section>
<%@ include file="_bottom.jspf" %>
