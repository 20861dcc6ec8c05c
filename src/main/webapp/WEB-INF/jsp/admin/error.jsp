<%@ include file="_top.jspf" %>
<p class="errors" role="alert"><c:out value="${error}"/></p>
<p><a href="<c:url value='/admin/'/>">Dashboard</a></p>
<%@ include file="_bottom.jspf" %>
