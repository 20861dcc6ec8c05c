<%@ include file="_top.jspf" %>
<form method="get" action="<c:url value='/admin/connections'/>" class="filters">
  <label>Channel <input name="channel" value="${fn:escapeXml(filter.channel())}"></label>
  <label>Address <input name="address" value="${fn:escapeXml(filter.address())}"></label>
  <label>User <input name="user" value="${fn:escapeXml(filter.user())}"></label>
  <c:if test="${clustered}"><label>Node <input name="node" value="${fn:escapeXml(filter.node())}"></label></c:if>
  <button type="submit" class="secondary">Filter</button>
  <a href="<c:url value='/admin/connections'/>">Clear</a>
</form>
<c:if test="${clustered}">
<table class="data compact" id="nodes">
  <thead><tr><th>Node</th><th class="num">Connections</th><th>State</th></tr></thead>
  <tbody>
  <c:forEach items="${nodes}" var="n">
    <tr data-node="${fn:escapeXml(n.node())}">
      <td><c:out value="${n.node()}"/><c:if test="${n.self()}"> (this node)</c:if></td>
      <td class="num"><c:out value="${n.silent() ? '–' : n.connections()}"/></td>
      <td><c:out value="${n.silent() ? 'did not answer in 2 s' : 'answered'}"/></td>
    </tr>
  </c:forEach>
  </tbody>
</table>
</c:if>
<p class="muted"><c:out value="${fn:length(rows)}"/> of <c:out value="${total}"/> open connections shown<c:if test="${clustered}"> (<c:out value="${fn:length(nodes)}"/> nodes)</c:if>.</p>
<div class="table-wrap">
<table class="data" id="connections">
  <thead>
  <tr><th>Node</th><th class="num">Id</th><th>Channels</th><th>Address</th><th>User</th><th>User agent</th><th>Connected since</th>
      <th class="num">Last id</th><th class="num">Frames</th><th class="num">Queue</th><th>Actions</th></tr>
  </thead>
  <tbody>
  <c:forEach items="${rows}" var="r">
    <tr data-id="${r.id()}" data-node="${fn:escapeXml(r.node())}">
      <td><c:out value="${r.node()}"/></td>
      <td class="num"><c:out value="${r.id()}"/></td>
      <td><c:out value="${r.channels()}"/></td>
      <td><c:out value="${r.address()}"/></td>
      <td><c:out value="${empty r.user() ? '–' : r.user()}"/></td>
      <td class="agent" title="${fn:escapeXml(r.userAgent())}"><c:out value="${r.userAgent()}"/></td>
      <td><c:out value="${r.since()}"/></td>
      <td class="num"><c:out value="${r.lastEventId()}"/></td>
      <td class="num"><c:out value="${r.framesSent()}"/></td>
      <td class="num"><c:out value="${r.queueDepth()}"/></td>
      <td class="row-actions">
        <a class="button small" href="<c:url value='/admin/connections/kick'><c:param name='node' value='${r.node()}'/><c:param name='id' value='${r.id()}'/></c:url>">Kick</a>
        <a class="button small danger" href="<c:url value='/admin/connections/ban'><c:param name='node' value='${r.node()}'/><c:param name='id' value='${r.id()}'/></c:url>">Ban</a>
      </td>
    </tr>
  </c:forEach>
  <c:if test="${empty rows}"><tr class="empty"><td colspan="11">No connection matches.</td></tr></c:if>
  </tbody>
</table>
</div>
<%@ include file="_bottom.jspf" %>
