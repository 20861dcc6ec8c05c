<%@ include file="_top.jspf" %>
<form method="get" action="<c:url value='/admin/messages'/>" class="filters">
  <label>Channel <input name="channel" value="${fn:escapeXml(channel)}"></label>
  <label>Text <input name="q" value="${fn:escapeXml(q)}"></label>
  <button type="submit" class="secondary">Search</button>
  <a href="<c:url value='/admin/messages'/>">Clear</a>
</form>
<div class="table-wrap">
<table class="data" id="messages">
  <thead><tr><th class="num">Id</th><th>Channel</th><th>Event</th><th>Data</th><th>Publisher</th><th>Stored</th></tr></thead>
  <tbody>
  <c:forEach items="${rows}" var="m">
    <tr>
      <td class="num"><a href="<c:url value='/admin/messages/${m.id()}'/>"><c:out value="${m.id()}"/></a></td>
      <td><c:out value="${m.channel()}"/></td>
      <td><c:out value="${empty m.event() ? 'message' : m.event()}"/></td>
      <td class="data-preview"><c:out value="${m.preview()}"/></td>
      <td><c:out value="${m.publisher()}"/></td>
      <td class="nowrap"><c:out value="${m.createdAt()}"/></td>
    </tr>
  </c:forEach>
  <c:if test="${empty rows}"><tr class="empty"><td colspan="6">No stored message matches.</td></tr></c:if>
  </tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">
  <c:if test="${not empty before}"><a href="<c:url value='/admin/messages'><c:param name='channel' value='${channel}'/><c:param name='q' value='${q}'/></c:url>">Newest</a></c:if>
  <c:if test="${not empty older}"><a href="<c:url value='/admin/messages'><c:param name='channel' value='${channel}'/><c:param name='q' value='${q}'/><c:param name='before' value='${older}'/></c:url>" rel="next">Older</a></c:if>
</nav>
<%@ include file="_bottom.jspf" %>
