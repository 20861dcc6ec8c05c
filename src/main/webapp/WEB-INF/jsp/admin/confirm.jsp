<%@ include file="_top.jspf" %>
<dl class="facts">
  <dt>Connection</dt><dd><c:out value="${connection.id()}"/></dd>
  <dt>Node</dt><dd><c:out value="${connection.node()}"/></dd>
  <dt>Channels</dt><dd><c:out value="${connection.channels()}"/></dd>
  <dt>Address</dt><dd><c:out value="${connection.address()}"/></dd>
  <dt>User</dt><dd><c:out value="${empty connection.user() ? '– (not logged in)' : connection.user()}"/></dd>
  <dt>User agent</dt><dd><c:out value="${connection.userAgent()}"/></dd>
  <dt>Connected since</dt><dd><c:out value="${connection.since()}"/></dd>
</dl>
<form method="post" action="<c:url value='/admin/connections/${action}'/>" class="form">
  <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
  <input type="hidden" name="node" value="${fn:escapeXml(connection.node())}">
  <input type="hidden" name="id" value="${connection.id()}">
  <c:choose>
    <c:when test="${action == 'kick'}">
      <p>Kicking closes this stream. The browser's <code>EventSource</code> reconnects after its retry delay and
         resumes from its last id: nothing is lost.</p>
      <div class="actions"><button type="submit" class="primary" id="confirm">Kick connection <c:out value="${connection.id()}"/></button>
        <a href="<c:url value='/admin/connections'/>">Cancel</a></div>
    </c:when>
    <c:otherwise>
      <p>Banning closes this stream, and every later stream request from the user or address gets
         <code>204 No Content</code>, which makes <code>EventSource</code> stop for good. Bans survive restarts
         until lifted on the Bans page.</p>
      <fieldset class="field">
        <legend>Ban</legend>
        <c:if test="${not empty connection.user()}">
          <label class="check"><input type="radio" name="scope" value="user" checked> user <strong><c:out value="${connection.user()}"/></strong> (every address)</label>
        </c:if>
        <label class="check"><input type="radio" name="scope" value="address" ${empty connection.user() ? 'checked' : ''}> address <strong><c:out value="${connection.address()}"/></strong> (everyone behind it)</label>
      </fieldset>
      <div class="field">
        <label for="reason">Reason</label>
        <input id="reason" name="reason" required maxlength="1000">
      </div>
      <div class="actions"><button type="submit" class="danger" id="confirm">Ban</button>
        <a href="<c:url value='/admin/connections'/>">Cancel</a></div>
    </c:otherwise>
  </c:choose>
</form>
<%@ include file="_bottom.jspf" %>
