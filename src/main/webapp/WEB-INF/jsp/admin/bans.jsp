<%@ include file="_top.jspf" %>
<div class="table-wrap">
<table class="data" id="bans">
  <thead><tr><th class="num">Id</th><th>Banned</th><th>Reason</th><th>By</th><th>When</th><th>Actions</th></tr></thead>
  <tbody>
  <c:forEach items="${rows}" var="b">
    <tr>
      <td class="num"><c:out value="${b.id()}"/></td>
      <td><c:choose><c:when test="${not empty b.user()}">user <strong><c:out value="${b.user()}"/></strong></c:when>
          <c:otherwise>address <strong><c:out value="${b.address()}"/></strong></c:otherwise></c:choose></td>
      <td><c:out value="${b.reason()}"/></td>
      <td><c:out value="${b.createdBy()}"/></td>
      <td class="nowrap"><c:out value="${b.createdAt()}"/></td>
      <td>
        <form method="post" action="<c:url value='/admin/bans/lift'/>" class="inline">
          <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
          <input type="hidden" name="id" value="${b.id()}">
          <button type="submit" class="small secondary">Lift</button>
        </form>
      </td>
    </tr>
  </c:forEach>
  <c:if test="${empty rows}"><tr class="empty"><td colspan="6">Nobody is banned.</td></tr></c:if>
  </tbody>
</table>
</div>
<section class="panel">
<h2>Ban by hand</h2>
<form method="post" action="<c:url value='/admin/bans'/>" class="form inline-fields">
  <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
  <label>User <input name="user" maxlength="256"></label>
  <span class="muted">or</span>
  <label>Address <input name="address" maxlength="64"></label>
  <label>Reason <input name="reason" required maxlength="1000"></label>
  <button type="submit" class="danger">Ban</button>
</form>
</section>
<%@ include file="_bottom.jspf" %>
