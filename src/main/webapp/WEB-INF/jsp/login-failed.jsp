<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %><%@ taglib prefix="c" uri="jakarta.tags.core"
%><c:set var="failed" value="${true}" scope="request"/><jsp:include page="login.jsp"/>
